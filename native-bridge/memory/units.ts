export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** "1.5 GiB", "340 MiB", "12 KiB": the unit a person reads without counting digits. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const abs = Math.abs(bytes);
  if (abs >= GiB) return `${sign}${(abs / GiB).toFixed(abs >= 10 * GiB ? 0 : 1)} GiB`;
  if (abs >= MiB) return `${sign}${(abs / MiB).toFixed(abs >= 100 * MiB ? 0 : 1)} MiB`;
  if (abs >= KiB) return `${sign}${Math.round(abs / KiB)} KiB`;
  return `${sign}${Math.round(abs)} B`;
}

export function formatRate(mibPerMin: number): string {
  const abs = Math.abs(mibPerMin);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${mibPerMin.toFixed(digits)} MiB/min`;
}

/** "45 s", "3 min 20 s", "2 h 5 min", "3 days 4 h": coarse on purpose, these are estimates. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 || min >= 10 ? `${min} min` : `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const days = Math.floor(h / 24);
  return h % 24 === 0 ? `${days} days` : `${days} days ${h % 24} h`;
}
