import { MiB } from './units.js';
import { PrefixSums, bucketByTime, fitLine, mannKendallZ, medianStep, theilSenSlope, type LineFit } from './stats.js';
import type { VerdictOptions } from './verdict.js';

/** A series in work units: x in minutes since the first sample, y in MiB above it (well-conditioned sums). */
export interface WorkSeries {
  /** What the line fits and the change-point search see (time-slice means past `maxPoints`). */
  x: Float64Array;
  y: Float64Array;
  /** Every sample, for the lows of a sawtooth. */
  raw: { x: Float64Array; y: Float64Array };
  prefix: PrefixSums;
}

export function toWorkSeries(times: ArrayLike<number>, bytes: ArrayLike<number>, n: number, maxPoints: number): WorkSeries {
  const t0 = times[0]!;
  const y0 = bytes[0]!;
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rx[i] = (times[i]! - t0) / 60_000;
    ry[i] = (bytes[i]! - y0) / MiB;
  }
  let x = rx;
  let y = ry;
  if (n > maxPoints) {
    const b = bucketByTime(rx, ry, 0, n, maxPoints);
    x = Float64Array.from(b.x);
    y = Float64Array.from(b.mean);
  }
  return { x, y, raw: { x: rx, y: ry }, prefix: new PrefixSums(x, y) };
}

export interface Split {
  /** First index of the right-hand stretch. */
  k: number;
  left: LineFit;
  right: LineFit;
}

/**
 * The best single change point: two independent lines, so both a kink and a jump are found. `maxK`
 * bounds where the right-hand stretch may start (to ask for one that lasts a while).
 */
export function findSplit(s: WorkSeries, full: LineFit, minSplitGain: number, maxK = Infinity): Split | null {
  const n = s.x.length;
  if (full.sse <= 0) return null;
  const minSeg = Math.max(3, Math.floor(n * 0.1));
  let best = -1;
  let bestSse = Infinity;
  for (let k = minSeg; k <= Math.min(n - minSeg, maxK); k++) {
    const sse = s.prefix.fit(0, k).sse + s.prefix.fit(k, n).sse;
    if (sse < bestSse) {
      bestSse = sse;
      best = k;
    }
  }
  // The absolute floor keeps rounding noise on a perfect line from passing as a change.
  const meaningful = (full.sse - bestSse) / n >= 1e-4;
  if (best < 0 || !meaningful || 1 - bestSse / full.sse < minSplitGain) return null;
  return { k: best, left: s.prefix.fit(0, best), right: s.prefix.fit(best, n) };
}

/** Up to `max` equal-count chunk means of y[from, to): the reduced series Mann–Kendall is run on. */
function chunkMeans(y: ArrayLike<number>, from: number, to: number, max: number): number[] {
  const n = to - from;
  const chunks = Math.min(max, n);
  const out: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const a = from + Math.floor((c * n) / chunks);
    const b = from + Math.floor(((c + 1) * n) / chunks);
    let sum = 0;
    for (let i = a; i < b; i++) sum += y[i]!;
    out.push(sum / (b - a));
  }
  return out;
}

/** The evidence about one stretch [from, to) of the series, and whether it grows, shrinks or neither. */
export interface Stretch {
  from: number;
  to: number;
  fit: LineFit;
  spanMin: number;
  z: number;
  lows: LineFit | null;
  /** Long enough (samples and time) to judge on its own. */
  enough: boolean;
  lineGrowth: boolean;
  lowsGrowth: boolean;
  shrinking: boolean;
}

export function judgeStretch(s: WorkSeries, from: number, to: number, o: VerdictOptions): Stretch {
  const fit = s.prefix.fit(from, to);
  const startMin = s.x[from]!;
  const spanMin = s.x[to - 1]! - startMin;
  const rate = fit.slope;
  const rise = rate * spanMin;
  const z = mannKendallZ(chunkMeans(s.y, from, to, 60));
  const minRiseMiB = o.minRiseBytes / MiB;

  // Lows of the stretch, from the raw samples: the floor a sawtooth keeps returning to.
  const endMin = s.x[to - 1]!;
  let rawFrom = 0;
  while (rawFrom < s.raw.x.length && s.raw.x[rawFrom]! < startMin) rawFrom++;
  let rawTo = rawFrom;
  while (rawTo < s.raw.x.length && s.raw.x[rawTo]! <= endMin) rawTo++;
  const buckets = bucketByTime(s.raw.x, s.raw.y, rawFrom, rawTo, Math.min(12, Math.floor((rawTo - rawFrom) / 3)));
  const lows = buckets.x.length >= 5 ? fitLine(buckets.x, buckets.min) : null;
  const highs = buckets.x.length >= 5 ? fitLine(buckets.x, buckets.max) : null;

  const enough = to - from >= Math.min(o.minPoints, s.x.length) && spanMin * 60_000 >= o.minSpanMs / 2;
  const r2 = fit.r2 ?? 0;
  return {
    from,
    to,
    fit,
    spanMin,
    z,
    lows,
    enough,
    lineGrowth: enough && rate >= o.minRateMiBPerMin && rise >= minRiseMiB && r2 >= o.minR2 && z >= o.minTrendZ,
    lowsGrowth:
      enough &&
      lows !== null &&
      highs !== null &&
      lows.slope >= o.minRateMiBPerMin &&
      lows.slope * spanMin >= minRiseMiB &&
      (lows.r2 ?? 0) >= o.minLowsR2 &&
      highs.slope > 0 &&
      z >= o.minTrendZ,
    shrinking: enough && rate <= -o.minRateMiBPerMin && -rise >= minRiseMiB && r2 >= o.minR2 && z <= -o.minTrendZ,
  };
}

export const grows = (st: Stretch): boolean => st.lineGrowth || st.lowsGrowth;

/**
 * How long memory must stay level before it counts as a plateau (minutes): clearly longer than the
 * sampling interval and the pauses of a tick or two that a steadily growing program shows when it is
 * descheduled, blocked on I/O, or between allocation bursts.
 */
export function plateauMinutes(s: WorkSeries, o: VerdictOptions): number {
  return Math.max(o.minPlateauMs / 60_000, o.minPlateauSamples * medianStep(s.raw.x));
}

/** Theil–Sen slope of [from, to) on up to 24 time-slice means: a robust "is this stretch level?". */
export function robustSlope(s: WorkSeries, from: number, to: number): number {
  const b = bucketByTime(s.x, s.y, from, to, Math.min(24, to - from));
  return theilSenSlope(b.x, b.mean);
}

export type Regime =
  /** No change worth a split: the whole window is one stretch. */
  | { kind: 'whole'; current: Stretch }
  /**
   * The series changed at `split` and the stretch after it lasts longer than a plateau must: that
   * stretch is the current behaviour.
   */
  | { kind: 'changed'; split: Split; current: Stretch; before: Stretch }
  /**
   * A change too recent to judge what follows it (shorter than a plateau), after a stretch that was not
   * growing: a one-off allocation or release, caught while it may still continue.
   */
  | { kind: 'fresh'; split: Split; current: Stretch; before: Stretch }
  /**
   * A steady rise whose last few samples stand still: a pause, not an end. Growth is judged on
   * `current` (the longest stretch that still grows).
   */
  | { kind: 'paused'; split: Split; current: Stretch; before: Stretch };

/**
 * Where the current behaviour starts. A split at a change point stands only when the stretch after it
 * has lasted a plateau's length, or when what came before was not a rise (a jump from level ground is
 * a change at once). A short flat tail after a stretch that grows on its own is a pause: the rise is
 * judged over the longest stretch that includes it.
 */
export function chooseRegime(s: WorkSeries, o: VerdictOptions): Regime {
  const N = s.x.length;
  const full = s.prefix.fit(0, N);
  const whole = (): Regime => ({ kind: 'whole', current: judgeStretch(s, 0, N, o) });
  const split = findSplit(s, full, o.minSplitGain);
  if (!split) return whole();
  const plateau = plateauMinutes(s, o);
  // Half the usual samples suffice for the stretch before a pause: early in a watch, a stall must not
  // pass for a one-off step just because the rise before it is only a few seconds old.
  const before = judgeStretch(s, 0, split.k, { ...o, minPoints: Math.ceil(o.minPoints / 2) });
  const after = judgeStretch(s, split.k, N, o);
  if (s.x[N - 1]! - s.x[split.k]! >= plateau) return { kind: 'changed', split, current: after, before };

  // Still at or above where the rise had got to: the tail did not fall back (a release would).
  const leftEnd = split.left.intercept + split.left.slope * s.x[split.k - 1]!;
  const heldUp = split.right.meanY >= leftEnd - o.minRiseBytes / MiB;
  if (grows(before) && heldUp) {
    // An older change with a long enough stretch after it may still date the rise better.
    let lastK = N - 1;
    while (lastK > 0 && s.x[N - 1]! - s.x[lastK]! < plateau) lastK--;
    const older = findSplit(s, full, o.minSplitGain, lastK);
    if (older) {
      const olderAfter = judgeStretch(s, older.k, N, o);
      if (grows(olderAfter)) return { kind: 'paused', split: older, current: olderAfter, before: judgeStretch(s, 0, older.k, o) };
    }
    const all = judgeStretch(s, 0, N, o);
    return { kind: 'paused', split, current: grows(all) ? all : before, before };
  }
  if (Math.abs(split.right.meanY - split.left.meanY) < o.minRiseBytes / MiB) return whole();
  return { kind: 'fresh', split, current: after, before };
}
