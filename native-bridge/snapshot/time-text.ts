import { formatClock, formatTimestamp } from '../common/format/index.js';

// The shared formatters, under the names this folder has always used.
export { formatBytes, formatDuration } from '../common/format/index.js';

/**
 * "2026-11-26 13:20:37 UTC": the app's one timestamp style, in UTC with the zone named, because a report
 * is read on other machines. A time from an untrusted file can be out of range, which must not throw.
 */
export function isoTime(ms: number): string {
  const text = formatTimestamp(ms, 'UTC');
  return text === '—' ? 'an unknown time' : `${text} UTC`;
}

/** "13:20:37" (UTC). */
export function clockTime(ms: number): string {
  const text = formatClock(ms, 'UTC');
  return text === '—' ? '?' : text;
}
