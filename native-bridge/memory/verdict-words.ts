import { formatBytes, formatDuration, formatRate } from './units.js';
import type { Verdict } from './verdict.js';

type Draft = Omit<Verdict, 'sentence'>;

/** Why a verdict is not given yet, when the numbers alone do not say. */
export type VerdictNote =
  | { kind: 'too-few'; needPoints: number; needMs: number }
  /** Memory jumped (or dropped) this long ago: too soon to say whether it stays there. */
  | { kind: 'fresh-change'; deltaBytes: number; agoMs: number; needMs: number };

function fitWords(r2: number | null): string {
  if (r2 === null) return 'memory did not move';
  if (r2 >= 0.9) return `a straight line fits very well (R² ${r2.toFixed(2)})`;
  if (r2 >= 0.6) return `a straight line fits well (R² ${r2.toFixed(2)})`;
  return `a straight line fits poorly (R² ${r2.toFixed(2)})`;
}

/** The plain sentence shown next to the chart and printed by `triage watch`. */
export function describeVerdict(v: Draft, note?: VerdictNote): string {
  switch (v.kind) {
    case 'insufficient-data': {
      if (note?.kind === 'fresh-change') {
        const moved = note.deltaBytes >= 0 ? `rose by ${formatBytes(note.deltaBytes)}` : `fell by ${formatBytes(-note.deltaBytes)}`;
        return `Memory ${moved} about ${formatDuration(note.agoMs)} ago: too soon to tell a one-off step from a steady trend (that takes ${formatDuration(note.needMs)} of data after it).`;
      }
      const need = note ? `at least ${note.needPoints} samples over ${formatDuration(note.needMs)}` : 'more samples';
      return `Not enough data yet to judge the trend: need ${need} (have ${v.points} over ${formatDuration(v.observedMs)}).`;
    }
    case 'growing': {
      const rate = formatRate(v.rateMiBPerMin ?? 0);
      const since = v.growingSince !== null && v.trend ? formatDuration(v.trend.toTime - v.growingSince) : null;
      const sinceWords = since ? ` for the last ${since}` : '';
      const fit =
        v.evidence.via === 'lows'
          ? `it saws up and down (R² ${(v.r2 ?? 0).toFixed(2)}) but the lows it falls back to keep rising`
          : fitWords(v.r2);
      const runsOut =
        v.runsOutInMs !== null && v.memAvailableBytes !== null
          ? ` At this rate the machine's available memory (${formatBytes(v.memAvailableBytes)}) runs out in about ${formatDuration(v.runsOutInMs)}.`
          : '';
      return `Memory has been growing steadily at ${rate}${sinceWords}; ${fit}. This looks like a leak.${runsOut}`;
    }
    case 'shrinking':
      return `Memory is going down steadily at ${formatRate(Math.abs(v.rateMiBPerMin ?? 0))}: the program is giving memory back.`;
    case 'stable-after-warmup': {
      const grew = v.trend && v.evidence.changeAt !== null ? ` until ${formatDuration(v.trend.toTime - v.evidence.changeAt)} ago` : '';
      return `Memory rose${grew} and has been level since: that looks like warm-up, not a leak.`;
    }
    case 'stable': {
      const level = v.trend ? ` around ${formatBytes((v.trend.fromBytes + v.trend.toBytes) / 2)}` : '';
      return `Memory is stable${level}: no steady growth over the last ${formatDuration(v.observedMs)}.`;
    }
  }
}
