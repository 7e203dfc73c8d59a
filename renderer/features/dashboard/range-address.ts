import { PRESETS, type RangePreset } from '../history/index.js';

/**
 * What the dashboard shows, as the address says it: a reload, a bookmark or a link pasted into an incident
 * ticket opens the same window and the same moment. A preset stays relative ("the last hour" when opened);
 * a custom window and a moment are absolute times, written as UTC ISO so a person can read them.
 */
export type RangeAddress =
  | { kind: 'live' }
  | { kind: 'preset'; preset: RangePreset; at: number | null }
  | { kind: 'window'; from: number; to: number; at: number | null };

const isPreset = (value: string): value is RangePreset => value in PRESETS;

/** An ISO time or epoch milliseconds; anything else is not a time. */
function parseTime(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * The dashboard's parameters, or null when they name no range (a plain #/dashboard, or values this
 * version does not know: the page then keeps what it shows rather than guess).
 */
export function parseRangeAddress(params: URLSearchParams): RangeAddress | null {
  const range = params.get('range');
  const at = parseTime(params.get('at'));
  if (range === 'live') return { kind: 'live' };
  if (range !== null && isPreset(range)) return { kind: 'preset', preset: range, at };
  const from = parseTime(params.get('from'));
  const to = parseTime(params.get('to'));
  if (from !== null && to !== null) return { kind: 'window', from, to, at };
  return null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The parameters that say what is shown; live is the page's default, so it needs none. */
export function rangeParams(shown: { live: boolean; preset: RangePreset | null; from: number; to: number; at: number | null }): Record<string, string> {
  if (shown.live) return {};
  const at: Record<string, string> = shown.at === null ? {} : { at: iso(shown.at) };
  if (shown.preset !== null) return { range: shown.preset, ...at };
  return { from: iso(shown.from), to: iso(shown.to), ...at };
}
