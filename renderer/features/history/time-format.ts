import { formatTimestamp } from '../../../native-bridge/common/format/index.js';

/** An axis label for a window of `spanMs`: the clock within a day, the date and hour beyond it. */
export function formatTick(t: number, spanMs: number): string {
  const full = formatTimestamp(t);
  if (spanMs > 36 * 3_600_000) return full.slice(5, 16);
  return spanMs > 3 * 3_600_000 ? full.slice(11, 16) : full.slice(11);
}

/** The value for an <input type="datetime-local"> in local time, and back. */
export function toLocalInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function fromLocalInput(text: string): number {
  return text ? new Date(text).getTime() : Number.NaN;
}
