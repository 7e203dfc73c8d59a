import { formatBytes, formatDuration, formatRate } from './units.js';
import type { Verdict } from './verdict.js';

type Draft = Omit<Verdict, 'sentence'>;

function fitWords(r2: number | null): string {
  if (r2 === null) return 'memory did not move';
  if (r2 >= 0.9) return `a straight line fits very well (R² ${r2.toFixed(2)})`;
  if (r2 >= 0.6) return `a straight line fits well (R² ${r2.toFixed(2)})`;
  return `a straight line fits poorly (R² ${r2.toFixed(2)})`;
}

/** The plain sentence shown next to the chart and printed by `triage watch`. */
export function describeVerdict(v: Draft, unsure?: { have: number; needPoints: number; needMs: number }): string {
  switch (v.kind) {
    case 'insufficient-data': {
      const need = unsure ? `at least ${unsure.needPoints} samples over ${formatDuration(unsure.needMs)}` : 'more samples';
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
