/**
 * Bytes in binary (IEC) units, the way the kernel counts them: "71.4 MiB" in the UI, the CLI and the
 * HTML report alike. At most three digits before the point ("1000 KiB" never shows: it is "0.98 MiB").
 */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
export const MISSING = '—';

export function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** 1536 → "1.5 KiB"; 512 → "512 B"; 74_868_326 → "71.4 MiB"; null → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isFiniteNumber(bytes)) return MISSING;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.round(value)} B`;
  // 99.96 would print as "100.0": decide the digits on the rounded value.
  const text = value >= 99.95 ? value.toFixed(0) : value.toFixed(1);
  return `${sign}${text} ${UNITS[unit]}`;
}

/** 1536 → "1.5 KiB/s". */
export function formatByteRate(bytesPerSec: number | null | undefined): string {
  return isFiniteNumber(bytesPerSec) ? `${formatBytes(bytesPerSec)}/s` : MISSING;
}

/** Memory growth: "12.3 MiB/min", negative when shrinking. */
export function formatGrowthRate(mibPerMin: number | null | undefined): string {
  if (!isFiniteNumber(mibPerMin)) return MISSING;
  const abs = Math.abs(mibPerMin);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${mibPerMin.toFixed(digits)} MiB/min`;
}
