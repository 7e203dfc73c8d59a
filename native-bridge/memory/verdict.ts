import { MiB } from './units.js';
import { PrefixSums, bucketByTime, fitLine, mannKendallZ, type LineFit } from './stats.js';
import { describeVerdict } from './verdict-words.js';

export type VerdictKind = 'growing' | 'stable-after-warmup' | 'stable' | 'shrinking' | 'insufficient-data';

export interface Verdict {
  kind: VerdictKind;
  /** One plain sentence for a person (helpdesk or developer). */
  sentence: string;
  /** Slope of the current trend; null without enough data. */
  rateMiBPerMin: number | null;
  /** How well a straight line fits the current trend (0..1); null when memory did not move at all. */
  r2: number | null;
  /** When the current growth started (ms since the epoch); null unless growing. */
  growingSince: number | null;
  /** At this rate, how long until the machine's available memory is used up; null unless growing. */
  runsOutInMs: number | null;
  memAvailableBytes: number | null;
  observedMs: number;
  points: number;
  /** The trend line to draw over the chart (the current regime only). */
  trend: { fromTime: number; fromBytes: number; toTime: number; toBytes: number } | null;
  evidence: {
    /** Mann–Kendall z of the current trend: > 2.3 is a steady rise, < −2.3 a steady fall. */
    mannKendallZ: number | null;
    /** Slope of the lows (the floor a garbage collector returns to). */
    lowsRateMiBPerMin: number | null;
    /** Where the series changed behaviour, when it did (ms since the epoch). */
    changeAt: number | null;
    /** Which test found the growth: the straight line, or the rising lows of a sawtooth. */
    via: 'line' | 'lows' | null;
  };
}

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
};

export interface AnalyzeInput {
  times: ArrayLike<number>;
  bytes: ArrayLike<number>;
  memAvailableBytes?: number | null;
  options?: Partial<VerdictOptions>;
}

type Draft = Omit<Verdict, 'sentence'>;

function finish(draft: Draft, unsure?: { have: number; needPoints: number; needMs: number }): Verdict {
  return { ...draft, sentence: describeVerdict(draft, unsure) };
}

/** x in minutes since the first sample, y in MiB above the first sample: keeps the sums well conditioned. */
function toWorkUnits(times: ArrayLike<number>, bytes: ArrayLike<number>, maxPoints: number) {
  const n = times.length;
  const t0 = times[0]!;
  const y0 = bytes[0]!;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (times[i]! - t0) / 60_000;
    y[i] = (bytes[i]! - y0) / MiB;
  }
  if (n <= maxPoints) return { x, y, raw: { x, y } };
  const b = bucketByTime(x, y, 0, n, maxPoints);
  return { x: Float64Array.from(b.x), y: Float64Array.from(b.mean), raw: { x, y } };
}

function chunkMeans(y: ArrayLike<number>, from: number, to: number, max: number): number[] {
  const n = to - from;
  const chunks = Math.min(max, n);
  const out: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const a = from + Math.floor((c * n) / chunks);
    const b = from + Math.floor(((c + 1) * n) / chunks);
    let s = 0;
    for (let i = a; i < b; i++) s += y[i]!;
    out.push(s / (b - a));
  }
  return out;
}

/** The best single change point: two independent lines, so both a kink and a jump are found. */
function findSplit(prefix: PrefixSums, n: number, full: LineFit, minSplitGain: number) {
  if (full.sse <= 0) return null;
  const minSeg = Math.max(3, Math.floor(n * 0.1));
  let best = -1;
  let bestSse = Infinity;
  for (let k = minSeg; k <= n - minSeg; k++) {
    const sse = prefix.fit(0, k).sse + prefix.fit(k, n).sse;
    if (sse < bestSse) {
      bestSse = sse;
      best = k;
    }
  }
  // The absolute floor keeps rounding noise on a perfect line from passing as a change.
  const meaningful = (full.sse - bestSse) / n >= 1e-4;
  if (best < 0 || !meaningful || 1 - bestSse / full.sse < minSplitGain) return null;
  return { k: best, left: prefix.fit(0, best), right: prefix.fit(best, n) };
}

/**
 * Leak verdict for one memory series. The current regime is the whole window, or the part after the
 * best change point when splitting there explains most of the error (a jump or a kink). Growth needs all
 * of: a slope above the noise floor, a minimum total rise, a monotone trend (Mann–Kendall), and either a
 * good straight-line fit or, for garbage-collected programs that saw up and down, rising lows.
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
    return finish(base, { have: n, needPoints: o.minPoints, needMs: o.minSpanMs });
  }

  const t0 = times[0]!;
  const y0 = bytes[0]!;
  const { x, y, raw } = toWorkUnits(times, bytes, o.maxPoints);
  const N = x.length;
  const prefix = new PrefixSums(x, y);
  const full = prefix.fit(0, N);
  const split = findSplit(prefix, N, full, o.minSplitGain);
  const start = split ? split.k : 0;
  const recent = split ? split.right : full;

  const startMin = x[start]!;
  const spanMin = x[N - 1]! - startMin;
  const rate = recent.slope;
  const rise = rate * spanMin;
  const z = mannKendallZ(chunkMeans(y, start, N, 60));

  // Lows of the recent regime, from the raw samples: the floor a sawtooth keeps returning to.
  let rawStart = 0;
  while (rawStart < raw.x.length && raw.x[rawStart]! < startMin) rawStart++;
  const rawCount = raw.x.length - rawStart;
  const lowBuckets = bucketByTime(raw.x, raw.y, rawStart, raw.x.length, Math.min(12, Math.floor(rawCount / 3)));
  const lows = lowBuckets.x.length >= 5 ? fitLine(lowBuckets.x, lowBuckets.min) : null;
  const highs = lowBuckets.x.length >= 5 ? fitLine(lowBuckets.x, lowBuckets.max) : null;

  const enough = N - start >= Math.min(o.minPoints, N) && spanMin * 60_000 >= o.minSpanMs / 2;
  const minRiseMiB = o.minRiseBytes / MiB;
  const lineGrowth = rate >= o.minRateMiBPerMin && rise >= minRiseMiB && (recent.r2 ?? 0) >= o.minR2 && z >= o.minTrendZ;
  const lowsGrowth =
    lows !== null &&
    highs !== null &&
    lows.slope >= o.minRateMiBPerMin &&
    lows.slope * spanMin >= minRiseMiB &&
    (lows.r2 ?? 0) >= o.minLowsR2 &&
    highs.slope > 0 &&
    z >= o.minTrendZ;
  const shrinking =
    rate <= -o.minRateMiBPerMin && -rise >= minRiseMiB && (recent.r2 ?? 0) >= o.minR2 && z <= -o.minTrendZ;

  const toBytes = (xMin: number, fit: LineFit): number => y0 + (fit.intercept + fit.slope * xMin) * MiB;
  const trend = {
    fromTime: t0 + startMin * 60_000,
    fromBytes: toBytes(startMin, recent),
    toTime: t0 + x[N - 1]! * 60_000,
    toBytes: toBytes(x[N - 1]!, recent),
  };
  const evidence: Verdict['evidence'] = {
    mannKendallZ: z,
    lowsRateMiBPerMin: lows ? lows.slope : null,
    changeAt: split ? t0 + startMin * 60_000 : null,
    via: null,
  };
  const common = { ...base, rateMiBPerMin: rate, r2: recent.r2, trend, evidence };

  if (enough && (lineGrowth || lowsGrowth)) {
    const reported = lineGrowth ? rate : lows!.slope;
    // A kink between two growing stretches (an accelerating leak) has been growing since the start.
    const leftGrew =
      split !== null && split.left.slope >= o.minRateMiBPerMin && (split.left.r2 ?? 0) >= o.minR2;
    const perMs = (reported * MiB) / 60_000;
    return finish({
      ...common,
      kind: 'growing',
      rateMiBPerMin: reported,
      growingSince: leftGrew ? t0 : trend.fromTime,
      runsOutInMs: memAvailableBytes !== null && perMs > 0 ? memAvailableBytes / perMs : null,
      evidence: { ...evidence, via: lineGrowth ? 'line' : 'lows' },
    });
  }
  if (enough && shrinking) return finish({ ...common, kind: 'shrinking' });
  if (split && split.right.meanY - split.left.meanY >= minRiseMiB) {
    return finish({ ...common, kind: 'stable-after-warmup' });
  }
  return finish({ ...common, kind: 'stable' });
}
