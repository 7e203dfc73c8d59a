import { isFiniteNumber, MISSING } from './bytes.js';

const pad = (n: number): string => String(n).padStart(2, '0');

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * One timestamp style for the audit log, the detail panel, the core page, the CLI and the HTML report:
 * "2026-12-04 13:59:03", 24 h, local time (or `timeZone`'s, for a snapshot read on another machine).
 * Times can come from untrusted files: out of range gives "—", never an exception.
 */
export function formatTimestamp(epochMs: number | null | undefined, timeZone?: string): string {
  if (!isFiniteNumber(epochMs)) return MISSING;
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return MISSING;
  if (timeZone === undefined || !validZone(timeZone)) {
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The time of day of a timestamp, same style: "13:59:03". */
export function formatClock(epochMs: number | null | undefined, timeZone?: string): string {
  const full = formatTimestamp(epochMs, timeZone);
  return full === MISSING ? MISSING : full.slice(11);
}

/**
 * Durations in one style: "350 ms", "42 s", "3 min 20 s", "12 min", "2 h 5 min", "3 days 4 h".
 * Coarser as they grow (past 10 minutes the seconds are noise). Negative or missing → "—".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (!isFiniteNumber(ms) || ms < 0) return MISSING;
  if (ms > 0 && ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 10) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  const days = d === 1 ? '1 day' : `${d} days`;
  return h % 24 === 0 ? days : `${days} ${h % 24} h`;
}
