/**
 * Every number the UI shows goes through here, so a byte count reads the same in a header, an axis
 * and a tooltip. Binary units (KiB = 1024) because that is what the kernel counts in.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export type Unit = 'bytes' | 'percent' | 'count' | 'load' | 'seconds' | 'ops';

export interface MetricMeta {
  /** Short human label ("Read", "User"). */
  label: string;
  unit: Unit;
  /** Per second: formatted with a "/s" suffix. */
  isRate: boolean;
  /** Longer explanation for tooltips and headers. */
  description?: string;
}

const MISSING = '—';

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits at most: 1.5 KiB, 15.2 MiB, 152 MiB. */
function scaled(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  return value.toFixed(1);
}

/** 1536 → "1.5 KiB"; 512 → "512 B". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!finite(bytes)) return MISSING;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  // 1000 rather than 1024 as the switch point keeps at most 3 digits before the point ("1000 KiB" never shows).
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.round(value)} B`;
  return `${sign}${scaled(value)} ${BYTE_UNITS[unit]}`;
}

/** 1536 → "1.5 KiB/s". */
export function formatByteRate(bytesPerSec: number | null | undefined): string {
  return finite(bytesPerSec) ? `${formatBytes(bytesPerSec)}/s` : MISSING;
}

/** 12.345 → "12.3%". Values are already percentages (0..100). */
export function formatPercent(percent: number | null | undefined, digits = 1): string {
  return finite(percent) ? `${percent.toFixed(digits)}%` : MISSING;
}

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const smallFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234 → "1,234"; fractional values below 100 keep one decimal (rates of rare events). */
export function formatCount(count: number | null | undefined): string {
  if (!finite(count)) return MISSING;
  return Math.abs(count) < 100 && !Number.isInteger(count) ? smallFormat.format(count) : countFormat.format(count);
}

/** Uptime-style durations: "42 s", "5 min 03 s", "4 h 05 min", "3 d 4 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!finite(seconds) || seconds < 0) return MISSING;
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(secs)} s`;
  return `${secs} s`;
}

/** Local wall-clock time, 24 h: "14:03:09". */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Formats a value according to its metric's metadata: the one entry point for charts and headers. */
export function formatValue(meta: MetricMeta, value: number | null | undefined): string {
  if (!finite(value)) return MISSING;
  switch (meta.unit) {
    case 'bytes':
      return meta.isRate ? formatByteRate(value) : formatBytes(value);
    case 'percent':
      return formatPercent(value);
    case 'load':
      return value.toFixed(2);
    case 'seconds':
      return formatDuration(value);
    case 'ops':
    case 'count':
      return meta.isRate ? `${formatCount(value)}/s` : formatCount(value);
  }
}

/** Axis ticks: same units, no "/s" (the card title says it) and no decimals where they only add noise. */
export function formatAxisValue(meta: MetricMeta, value: number): string {
  switch (meta.unit) {
    case 'bytes':
      return formatBytes(value);
    case 'percent':
      return `${Number.isInteger(value) ? value : value.toFixed(value < 1 ? 2 : 1)}%`;
    case 'load':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    default:
      return formatCount(value);
  }
}
