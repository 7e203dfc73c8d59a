import type { MemoryVerdict as Verdict } from '../contract/memory.js';
import { MiB } from './units.js';
import type { LineFit } from './stats.js';
import { chooseRegime, grows, robustSlope, toWorkSeries, type Stretch } from './verdict-regime.js';
import { describeVerdict, type VerdictNote } from './verdict-words.js';

// The verdict's shape is the contract's (contract/memory.ts). evidence.mannKendallZ above 2.3 is a steady
// rise, below −2.3 a steady fall; evidence.lowsRateMiBPerMin is the slope of the lows (the floor a garbage
// collector returns to); via says which test found the growth: the straight line, or the rising lows.
export type { Verdict };

export interface VerdictOptions {
  minPoints: number;
  minSpanMs: number;
  /** Slower growth is noise, not a leak (page faults of lazily touched memory, caches settling). */
  minRateMiBPerMin: number;
  /** The trend must also have added at least this much over the stretch it covers. */
  minRiseBytes: number;
  /** A line must explain this share of the variance, so a sawtooth is not called a leak. */
  minR2: number;
  minLowsR2: number;
  /** Mann–Kendall z needed for a monotone trend (2.33 ≈ one-sided p 0.01). */
  minTrendZ: number;
  /** A split into two lines must remove this share of the single line's squared error to count as a change. */
  minSplitGain: number;
  /** Longer series are averaged into this many time slices first: bounds the cost of every verdict. */
  maxPoints: number;
  /**
   * Memory must stay level at least this long (and `minPlateauSamples` samples) before a rise counts as
   * over: a pause of a tick or two in a steady rise is not the end of it.
   */
  minPlateauMs: number;
  minPlateauSamples: number;
}

export const DEFAULT_VERDICT_OPTIONS: VerdictOptions = {
  minPoints: 10,
  minSpanMs: 10_000,
  minRateMiBPerMin: 0.5,
  minRiseBytes: 1 * MiB,
  minR2: 0.6,
  minLowsR2: 0.7,
  minTrendZ: 2.33,
  minSplitGain: 0.6,
  maxPoints: 240,
  minPlateauMs: 10_000,
  minPlateauSamples: 6,
};

export interface AnalyzeInput {
  times: ArrayLike<number>;
  bytes: ArrayLike<number>;
  memAvailableBytes?: number | null;
  options?: Partial<VerdictOptions>;
}

type Draft = Omit<Verdict, 'sentence'>;

function finish(draft: Draft, note?: VerdictNote): Verdict {
  return { ...draft, sentence: describeVerdict(draft, note) };
}

/**
 * Leak verdict for one memory series: the one function behind the pin card, the suspects list and
 * `triage watch`. The current behaviour is the whole window, or the stretch after a change point (see
 * chooseRegime). Growth needs all of: a slope above the noise floor, a minimum total rise, a monotone
 * trend (Mann–Kendall), and either a good straight-line fit or, for garbage-collected programs that saw
 * up and down, rising lows. "Level since" needs a plateau that lasted clearly longer than a pause.
 */
export function analyzeSeries(input: AnalyzeInput): Verdict {
  const o = { ...DEFAULT_VERDICT_OPTIONS, ...input.options };
  const { times, bytes } = input;
  const memAvailableBytes = input.memAvailableBytes ?? null;
  const n = Math.min(times.length, bytes.length);
  const observedMs = n > 1 ? times[n - 1]! - times[0]! : 0;
  const base: Draft = {
    kind: 'insufficient-data',
    rateMiBPerMin: null,
    r2: null,
    growingSince: null,
    runsOutInMs: null,
    memAvailableBytes,
    observedMs,
    points: n,
    trend: null,
    evidence: { mannKendallZ: null, lowsRateMiBPerMin: null, changeAt: null, via: null },
  };
  if (n < o.minPoints || observedMs < o.minSpanMs) {
    return finish(base, { kind: 'too-few', needPoints: o.minPoints, needMs: o.minSpanMs });
  }

  const t0 = times[0]!;
  const y0 = bytes[0]!;
  const s = toWorkSeries(times, bytes, n, o.maxPoints);
  const regime = chooseRegime(s, o);
  const cur = regime.current;
  const atMs = (xMin: number): number => t0 + xMin * 60_000;
  const toBytes = (xMin: number, fit: LineFit): number => y0 + (fit.intercept + fit.slope * xMin) * MiB;
  const fromMin = s.x[cur.from]!;
  const toMin = s.x[cur.to - 1]!;
  const trend = { fromTime: atMs(fromMin), fromBytes: toBytes(fromMin, cur.fit), toTime: atMs(toMin), toBytes: toBytes(toMin, cur.fit) };
  const changeAt = regime.kind === 'whole' || (regime.kind === 'paused' && cur.from === 0) ? null : atMs(s.x[regime.split.k]!);
  const evidence: Verdict['evidence'] = { mannKendallZ: cur.z, lowsRateMiBPerMin: cur.lows ? cur.lows.slope : null, changeAt, via: null };
  const common: Draft = { ...base, rateMiBPerMin: cur.fit.slope, r2: cur.fit.r2, trend, evidence };

  if (grows(cur)) {
    const reported = cur.lineGrowth ? cur.fit.slope : cur.lows!.slope;
    // A kink between two growing stretches (an accelerating leak) has been growing since the start.
    const before: Stretch | null = regime.kind === 'whole' || cur.from === 0 ? null : regime.before;
    const leftGrew = before !== null && before.fit.slope >= o.minRateMiBPerMin && (before.fit.r2 ?? 0) >= o.minR2;
    const perMs = (reported * MiB) / 60_000;
    return finish({
      ...common,
      kind: 'growing',
      rateMiBPerMin: reported,
      growingSince: leftGrew ? t0 : trend.fromTime,
      runsOutInMs: memAvailableBytes !== null && perMs > 0 ? memAvailableBytes / perMs : null,
      evidence: { ...evidence, via: cur.lineGrowth ? 'line' : 'lows' },
    });
  }
  if (cur.shrinking) return finish({ ...common, kind: 'shrinking' });
  if (regime.kind === 'fresh') {
    const { split } = regime;
    return finish(common, {
      kind: 'fresh-change',
      deltaBytes: (split.right.meanY - split.left.meanY) * MiB,
      agoMs: times[n - 1]! - atMs(s.x[split.k]!),
      needMs: o.minPlateauMs,
    });
  }
  if (regime.kind === 'changed' && regime.split.right.meanY - regime.split.left.meanY >= o.minRiseBytes / MiB) {
    // Level means level by a robust slope over the whole stretch, not "the last two samples were equal".
    const tail = Math.abs(robustSlope(s, cur.from, cur.to));
    const level = tail * cur.spanMin < o.minRiseBytes / MiB || tail <= Math.max(o.minRateMiBPerMin, 0.25 * Math.abs(regime.split.left.slope));
    if (level) {
      return finish({ ...common, kind: 'stable-after-warmup' });
    }
  }
  return finish({ ...common, kind: 'stable' });
}
