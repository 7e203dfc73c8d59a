/** Least-squares line over one stretch of a series, with how well it fits. */
export interface LineFit {
  n: number;
  slope: number;
  intercept: number;
  /** Residual sum of squares. */
  sse: number;
  /** Total sum of squares around the mean. */
  sst: number;
  /** Share of the variance the line explains; null when the values do not vary at all. */
  r2: number | null;
  meanY: number;
}

/**
 * Cumulative sums so that the least-squares line of any stretch [i, j) costs O(1): the change-point
 * search tries every split point, and this keeps it linear in the series length.
 */
export class PrefixSums {
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;
  private readonly sxx: Float64Array;
  private readonly sxy: Float64Array;
  private readonly syy: Float64Array;

  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    const n = x.length;
    this.sx = new Float64Array(n + 1);
    this.sy = new Float64Array(n + 1);
    this.sxx = new Float64Array(n + 1);
    this.sxy = new Float64Array(n + 1);
    this.syy = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      this.sx[i + 1] = this.sx[i]! + xi;
      this.sy[i + 1] = this.sy[i]! + yi;
      this.sxx[i + 1] = this.sxx[i]! + xi * xi;
      this.sxy[i + 1] = this.sxy[i]! + xi * yi;
      this.syy[i + 1] = this.syy[i]! + yi * yi;
    }
  }

  fit(i: number, j: number): LineFit {
    const m = j - i;
    const sx = this.sx[j]! - this.sx[i]!;
    const sy = this.sy[j]! - this.sy[i]!;
    const sxxC = this.sxx[j]! - this.sxx[i]! - (sx * sx) / m;
    const sxyC = this.sxy[j]! - this.sxy[i]! - (sx * sy) / m;
    const syyC = Math.max(0, this.syy[j]! - this.syy[i]! - (sy * sy) / m);
    const slope = sxxC > 1e-12 ? sxyC / sxxC : 0;
    const intercept = (sy - slope * sx) / m;
    // Rounding can leave a tiny positive remainder on a perfectly flat stretch: call that "no variance".
    const flat = syyC <= 1e-9 * Math.max(1, m);
    const sse = flat ? 0 : Math.max(0, syyC - slope * sxyC);
    return { n: m, slope, intercept, sse, sst: flat ? 0 : syyC, r2: flat ? null : Math.min(1, Math.max(0, 1 - sse / syyC)), meanY: sy / m };
  }
}

export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  return new PrefixSums(x, y).fit(0, x.length);
}

/**
 * Mann–Kendall trend statistic as a z-score: positive when later values tend to exceed earlier ones,
 * regardless of shape. O(n²), so callers pass a reduced series (≤ ~60 values). Ties are not corrected
 * for, which only makes the test more cautious.
 */
export function mannKendallZ(y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 3) return 0;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = y[j]! - yi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  if (s === 0) return 0;
  return (s - Math.sign(s)) / Math.sqrt(variance);
}

export interface Buckets {
  x: number[];
  mean: number[];
  min: number[];
  max: number[];
}

/** Splits [from, to) into up to `count` equal time slices; empty slices are skipped. */
export function bucketByTime(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number, count: number): Buckets {
  const out: Buckets = { x: [], mean: [], min: [], max: [] };
  if (to <= from || count <= 0) return out;
  const x0 = x[from]!;
  const span = x[to - 1]! - x0;
  let i = from;
  for (let b = 0; b < count && i < to; b++) {
    const edge = b === count - 1 ? Infinity : x0 + (span * (b + 1)) / count;
    let sx = 0;
    let sy = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let k = 0;
    for (; i < to && x[i]! <= edge; i++, k++) {
      const v = y[i]!;
      sx += x[i]!;
      sy += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (k > 0) {
      out.x.push(sx / k);
      out.mean.push(sy / k);
      out.min.push(lo);
      out.max.push(hi);
    }
  }
  return out;
}

/**
 * Theil–Sen slope: the median of the slopes between every pair of points. One outlier or a pause of a
 * sample or two barely moves it, unlike a least-squares line over a short stretch. O(n²): callers pass a
 * reduced series (≤ ~30 values). 0 for fewer than two distinct times.
 */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length - 1; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = x[j]! - x[i]!;
      if (dx > 0) slopes.push((y[j]! - y[i]!) / dx);
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

/**
 * Median gap between consecutive x values over the last `recent` gaps: the sampling interval as it
 * really is now, unmoved by a stall or two. 0 below two values.
 */
export function medianStep(x: ArrayLike<number>, recent = 60): number {
  if (x.length < 2) return 0;
  const gaps: number[] = [];
  for (let i = Math.max(1, x.length - recent); i < x.length; i++) gaps.push(x[i]! - x[i - 1]!);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}
