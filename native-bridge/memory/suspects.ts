import type { LeakSuspect as Suspect } from '../contract/memory.js';
import { MiB } from './units.js';
import { analyzeSeries, DEFAULT_VERDICT_OPTIONS, type Verdict, type VerdictOptions } from './verdict.js';
import type { ProcessSeries } from './rss-sampler.js';

export interface RankOptions {
  memAvailableBytes: number | null;
  limit?: number;
  verdict?: Partial<VerdictOptions>;
  /** A verdict already made for this process from the same samples (a pinned process): used as is. */
  judged?: (s: ProcessSeries) => { verdict: Verdict; rssBytes: number } | undefined;
}

/**
 * Cheap screen before the full verdict: most processes do not move at all (skipped in O(1)), and a
 * series whose range is under the minimum rise, or whose last quarter is not above its first, cannot be
 * growing.
 */
function worthAnalyzing(s: ProcessSeries, minPoints: number, minRiseBytes: number): boolean {
  const n = s.ring.size;
  if (n < minPoints) return false;
  // Constant since before the oldest sample held: the first sample's own change does not count.
  if (s.changedAt <= s.ring.get(0, 'time')) return false;
  const { min, max, headMean, tailMean } = s.ring.summarize('rss');
  return max - min >= minRiseBytes && tailMean > headMean;
}

/** Processes whose memory rose steadily over the observed window, fastest first. */
export function rankSuspects(series: Iterable<ProcessSeries>, options: RankOptions): Suspect[] {
  const o = { ...DEFAULT_VERDICT_OPTIONS, ...options.verdict };
  const out: Suspect[] = [];
  for (const s of series) {
    const known = options.judged?.(s);
    if (known) {
      if (known.verdict.kind === 'growing') out.push({ pid: s.pid, startTime: s.startTime, name: s.name, rssBytes: known.rssBytes, verdict: known.verdict });
      continue;
    }
    if (!worthAnalyzing(s, o.minPoints, Math.max(o.minRiseBytes, 0.25 * MiB))) continue;
    const verdict = analyzeSeries({
      times: s.ring.slice('time'),
      bytes: s.ring.slice('rss'),
      memAvailableBytes: options.memAvailableBytes,
      options: o,
    });
    if (verdict.kind !== 'growing') continue;
    out.push({ pid: s.pid, startTime: s.startTime, name: s.name, rssBytes: s.ring.last('rss'), verdict });
  }
  out.sort((a, b) => (b.verdict.rateMiBPerMin ?? 0) - (a.verdict.rateMiBPerMin ?? 0));
  return out.slice(0, options.limit ?? 20);
}
