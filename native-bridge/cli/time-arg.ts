import { TriageError } from '../contract/errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const EXAMPLES = 'examples: 10:31, 10:31:15, 2026-12-04T10:31, 2026-12-04 10:31, or 2h, 90m, 1d for that long ago';

/** "2h", "90m", "1h30m", "45s", "7d" → ms; null when the text is not a duration. */
export function parseAgo(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(min|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

/**
 * A moment on the command line: a time of day (today, or yesterday when that is still to come), a date
 * and time (ISO, local unless it names a zone), a duration ago ("2h"), or "now". Epoch ms.
 */
export function parseTimeArg(text: string, now: number = Date.now(), option = 'time'): number {
  const t = text.trim();
  if (t === 'now') return now;
  const ago = parseAgo(t);
  if (ago !== null) return now - ago;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw new TriageError('INVALID_INPUT', `${option} "${text}" is not a time of day (${EXAMPLES}).`);
    const d = new Date(now);
    d.setHours(h, m, s, 0);
    // "10:31" said at 09:00 means yesterday's 10:31: the history holds only the past.
    if (d.getTime() > now) d.setDate(d.getDate() - 1);
    return d.getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) {
    // Date.parse reads a date alone as UTC midnight; with a time and no zone, local time (what a user means).
    const normal = t.replace(' ', 'T');
    const ms = Date.parse(/T/.test(normal) ? normal : `${normal}T00:00`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TriageError('INVALID_INPUT', `${option} "${text}" is not a time (${EXAMPLES}).`);
}
