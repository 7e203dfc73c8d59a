/**
 * Reduces a time series to at most one row per horizontal pixel (SVG paths with thousands of points
 * are what makes live charts slow). One pass over the input, O(n·fields).
 *
 * Buckets are aligned to absolute time (floor(t / bucketMs)), not to array positions, so a bucket keeps
 * the same members from one tick to the next and the drawn line does not shimmer as new samples arrive.
 */

export type ChartRow = { t: number } & Record<string, number | null>;

export interface Field<T> {
  /** Key in the output row; must not contain "." (recharts reads dotted keys as paths). */
  key: string;
  read(item: T): number | null | undefined;
}

/**
 * - `avg`: mean per bucket; keeps stacked series summing to what they summed to (CPU shares, memory).
 * - `max`: peak per bucket; a one-sample spike (a burst of disk writes) stays visible however long the window.
 */
export type DownsampleMode = 'avg' | 'max';

export interface DownsampleOptions<T> {
  time(item: T): number;
  fields: readonly Field<T>[];
  /** Upper bound on output rows: the chart's plot width in pixels. */
  maxPoints: number;
  mode: DownsampleMode;
  /** The span the chart shows (its window). Keeps the bucket size fixed while the window fills up. */
  spanMs?: number;
  /**
   * True where sampling stopped between two items (nobody was watching, the backend restarted): the
   * output gets a row of nulls there so the chart breaks the line instead of drawing a straight ramp.
   */
  isGap?(previous: T, current: T): boolean;
}

function nullRow<T>(t: number, fields: readonly Field<T>[]): ChartRow {
  const row: ChartRow = { t };
  for (const field of fields) row[field.key] = null;
  return row;
}

export function bucketSizeMs(spanMs: number, buckets: number): number {
  // A span S over buckets of width w ≥ S / (B-1) touches at most B of them wherever it starts
  // (floor(x + S/w) - floor(x) ≤ ceil(S/w) ≤ B - 1). One bucket: everything goes in it.
  if (buckets <= 1) return Infinity;
  return Math.max(1, Math.ceil(Math.max(0, spanMs) / (buckets - 1)));
}

export function downsample<T>(items: readonly T[], options: DownsampleOptions<T>): ChartRow[] {
  const { time, fields, mode, isGap } = options;
  const maxPoints = Math.floor(options.maxPoints);
  const n = items.length;
  if (n === 0 || maxPoints < 1) return [];
  const buckets = maxPoints;
  const first = time(items[0]!);
  const last = time(items[n - 1]!);
  const bucketMs = bucketSizeMs(Math.max(options.spanMs ?? 0, last - first), buckets);
  const k = fields.length;

  const out: ChartRow[] = [];
  // Per-bucket accumulators, reused across buckets: no allocation per item.
  const sum = new Float64Array(k);
  const count = new Uint32Array(k);
  const max = new Float64Array(k);
  let bucket = Math.floor(first / bucketMs);
  let bucketLastT = first;

  const flush = (): void => {
    // The bucket's newest time: the newest sample then sits exactly at the chart's right edge.
    const row: ChartRow = { t: bucketLastT };
    for (let f = 0; f < k; f++) {
      row[fields[f]!.key] = count[f] ? (mode === 'avg' ? sum[f]! / count[f]! : max[f]!) : null;
    }
    out.push(row);
    sum.fill(0);
    count.fill(0);
    max.fill(-Infinity);
  };

  max.fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    const t = time(item);
    const b = Math.floor(t / bucketMs);
    // Only forward: a sample from a clock stepped backwards joins the current bucket, which keeps the bound.
    if (b > bucket) {
      flush();
      // The break row takes the place of an empty bucket, so it only goes where one exists (b - bucket ≥ 2).
      if (isGap && b - bucket >= 2 && isGap(items[i - 1]!, item)) out.push(nullRow(bucketLastT + 1, fields));
      bucket = b;
    }
    if (t > bucketLastT) bucketLastT = t;
    for (let f = 0; f < k; f++) {
      const value = fields[f]!.read(item);
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      sum[f]! += value;
      count[f]!++;
      if (value > max[f]!) max[f] = value;
    }
  }
  flush();
  return out;
}
