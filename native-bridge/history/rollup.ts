/**
 * Min/avg/max of each series over a stretch of time (a minute, ten minutes): the downsampled form kept
 * after a day, and what long-range charts read. Stored as one Float32Array (min, avg, max per key, in the
 * layout's order; NaN where the key had no value), so reading a week of minutes decodes nothing.
 */
export interface Rollup {
  keys: readonly string[];
  /** Samples behind it (the weight when rollups are merged). */
  count: number;
  min: Float32Array;
  avg: Float32Array;
  max: Float32Array;
}

/** Rolls up columns (as decoded from blocks) over the rows at `indexes`. */
export function rollupColumns(keys: readonly string[], columns: ReadonlyArray<ReadonlyArray<number | null>>, indexes: readonly number[]): Rollup {
  const n = keys.length;
  const min = new Float32Array(n).fill(Number.NaN);
  const avg = new Float32Array(n).fill(Number.NaN);
  const max = new Float32Array(n).fill(Number.NaN);
  for (let k = 0; k < n; k++) {
    const column = columns[k]!;
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let count = 0;
    for (const i of indexes) {
      const v = column[i];
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      count++;
    }
    if (count > 0) {
      min[k] = lo;
      max[k] = hi;
      avg[k] = sum / count;
    }
  }
  return { keys, count: indexes.length, min, avg, max };
}

/** Several rollups as one (weighted by their sample counts), over the union of their keys. */
export function mergeRollups(parts: readonly Rollup[]): Rollup {
  const keys = [...new Set(parts.flatMap((p) => p.keys))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const n = keys.length;
  const min = new Float32Array(n).fill(Number.NaN);
  const max = new Float32Array(n).fill(Number.NaN);
  const sum = new Float64Array(n);
  const weight = new Float64Array(n);
  let count = 0;
  for (const part of parts) {
    count += part.count;
    part.keys.forEach((key, j) => {
      const i = index.get(key)!;
      const lo = part.min[j]!;
      if (Number.isNaN(lo)) return;
      if (Number.isNaN(min[i]!) || lo < min[i]!) min[i] = lo;
      if (Number.isNaN(max[i]!) || part.max[j]! > max[i]!) max[i] = part.max[j]!;
      sum[i] = sum[i]! + part.avg[j]! * part.count;
      weight[i] = weight[i]! + part.count;
    });
  }
  const avg = new Float32Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) if (weight[i]! > 0) avg[i] = sum[i]! / weight[i]!;
  return { keys, count, min, avg, max };
}

export function encodeRollup(r: Rollup): Buffer {
  const n = r.keys.length;
  const all = new Float32Array(n * 3);
  all.set(r.min, 0);
  all.set(r.avg, n);
  all.set(r.max, 2 * n);
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}

export function decodeRollup(blob: Buffer, keys: readonly string[], count: number): Rollup {
  const n = keys.length;
  // Copied: a Buffer from SQLite need not be 4-byte aligned.
  const all = new Float32Array(new Uint8Array(blob).buffer, 0, n * 3);
  return { keys, count, min: all.subarray(0, n), avg: all.subarray(n, 2 * n), max: all.subarray(2 * n, 3 * n) };
}
