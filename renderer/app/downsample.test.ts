import { describe, expect, it } from 'vitest';
import { bucketSizeMs, downsample, type Field } from './downsample.js';

interface Point {
  t: number;
  v: number | null;
  w: number;
}
const time = (p: Point) => p.t;
const fields: Field<Point>[] = [
  { key: 'v', read: (p) => p.v },
  { key: 'w', read: (p) => p.w },
];

/** Deterministic noise: a linear congruential generator, so failures reproduce. */
function series(n: number, stepMs = 1000, seed = 1): Point[] {
  let x = seed;
  return Array.from({ length: n }, (_, i) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return { t: 1_700_000_000_000 + i * stepMs, v: x % 1000, w: i };
  });
}

describe('downsample', () => {
  it('never returns more rows than the pixel width, whatever the sizes', () => {
    for (const n of [1, 2, 59, 60, 61, 900, 1800, 1920, 5000]) {
      for (const width of [1, 2, 3, 50, 333, 600, 1200, 2000]) {
        for (const stepMs of [500, 1000, 2000]) {
          const rows = downsample(series(n, stepMs), { time, fields, maxPoints: width, mode: 'max', spanMs: 15 * 60_000 });
          expect(rows.length).toBeLessThanOrEqual(width);
          expect(rows.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('keeps the extremes in max mode: the global peak and every bucket peak survive', () => {
    const points = series(1800, 500);
    points[1234]!.v = 99_999; // a one-sample spike
    const rows = downsample(points, { time, fields, maxPoints: 300, mode: 'max' });
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(Math.max(...rows.map((r) => r.v ?? -1))).toBe(99_999);
    // Each row is the max of the points between the previous row's time and its own.
    let from = 0;
    for (const row of rows) {
      const members = points.filter((p, i) => i >= from && p.t <= row.t);
      expect(row.v).toBe(Math.max(...members.map((p) => p.v ?? -Infinity)));
      from += members.length;
    }
    expect(from).toBe(points.length);
  });

  it('averages in avg mode, so stacked shares keep their sum', () => {
    const points: Point[] = [0, 1, 2, 3].map((i) => ({ t: i * 1000, v: i * 10, w: 100 - i * 10 }));
    const rows = downsample(points, { time, fields, maxPoints: 2, mode: 'avg' });
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.v! + row.w!).toBe(100);
    // Buckets are 3 s wide and aligned to absolute time: {0, 1, 2} s and {3} s.
    expect(rows).toEqual([
      { t: 2000, v: 10, w: 90 },
      { t: 3000, v: 30, w: 70 },
    ]);
    expect(downsample(points, { time, fields, maxPoints: 1, mode: 'avg' })).toEqual([{ t: 3000, v: 15, w: 85 }]);
  });

  it('leaves data alone when it already fits', () => {
    const points = series(60);
    const rows = downsample(points, { time, fields, maxPoints: 600, mode: 'max', spanMs: 60_000 });
    expect(rows.map((r) => r.v)).toEqual(points.map((p) => p.v));
    expect(rows.map((r) => r.t)).toEqual(points.map((p) => p.t));
  });

  it('reads every point exactly once per field (one pass, O(n))', () => {
    let reads = 0;
    const counted: Field<Point>[] = fields.map((f) => ({ key: f.key, read: (p) => (reads++, f.read(p)) }));
    downsample(series(5000), { time, fields: counted, maxPoints: 400, mode: 'avg' });
    expect(reads).toBe(5000 * counted.length);
  });

  it('keeps finished buckets identical when new samples arrive (no shimmer)', () => {
    const all = series(1000);
    const options = { time, fields, maxPoints: 200, mode: 'max' as const, spanMs: 15 * 60_000 };
    const before = downsample(all.slice(0, 900), options);
    const after = downsample(all.slice(1, 901), options);
    // Every bucket except the first (lost a member) and the last (gained one) is unchanged.
    const common = before.slice(1, -1).filter((row) => after.some((r) => r.t === row.t));
    expect(common.length).toBeGreaterThan(150);
    for (const row of common) expect(after.find((r) => r.t === row.t)).toEqual(row);
  });

  it('skips missing values and reports a bucket with none as null', () => {
    const points: Point[] = [
      { t: 0, v: null, w: 1 },
      { t: 1000, v: null, w: 2 },
      { t: 2000, v: 5, w: 3 },
    ];
    const rows = downsample(points, { time, fields, maxPoints: 3, mode: 'max' });
    expect(rows.map((r) => r.v)).toEqual([null, null, 5]);
  });

  it('breaks the line with a null row where sampling stopped', () => {
    const points: Point[] = [0, 1000, 2000, 60_000, 61_000].map((t) => ({ t, v: 1, w: 1 }));
    const rows = downsample(points, {
      time,
      fields,
      maxPoints: 100,
      mode: 'max',
      isGap: (a, b) => b.t - a.t > 10_000,
    });
    expect(rows.map((r) => r.v)).toEqual([1, 1, 1, null, 1, 1]);
    expect(rows[3]!.t).toBeGreaterThan(2000);
    expect(rows[3]!.t).toBeLessThan(60_000);
  });

  it('sizes buckets so a full span touches at most the requested count', () => {
    expect(bucketSizeMs(900_000, 600)).toBe(1503);
    expect(bucketSizeMs(10, 1)).toBe(Infinity);
  });
});
