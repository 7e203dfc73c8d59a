// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { prepareMemoryChart, trendAt } from './chart-data.js';
import { point, verdict } from './fixtures/pins.js';

const MiB = 1024 * 1024;

/** `n` samples a second apart from t=0, rising 1 MiB each. */
const rising = (n: number, from = 0) => Array.from({ length: n }, (_, i) => point(from + i * 1000, 10 + i));

describe('memory chart data', () => {
  it('carries every series of a sample, stacked parts adding up to RSS', () => {
    const data = prepareMemoryChart({ series: rising(5), restarts: [], verdict: verdict() }, { maxPoints: 500, intervalMs: 1000 });
    expect(data.rows).toHaveLength(5);
    const row = data.rows[4]!;
    expect(row.t).toBe(4000);
    expect(row.rss).toBe(14 * MiB);
    expect(row.anon! + row.file!).toBe(row.rss);
    expect(row.pss).toBe(14 * MiB);
    expect(row.uss).toBe(13 * MiB);
    expect(row.shared).toBe(MiB);
    expect(row.trend).toBeNull();
    expect(data.hasTrend).toBe(false);
    expect(data.hasSwap).toBe(false);
    expect([data.start, data.end]).toEqual([0, 4000]);
  });

  it('draws the trend only over the stretch the verdict fitted, on its straight line', () => {
    const trend = { fromTime: 2000, fromBytes: 12 * MiB, toTime: 6000, toBytes: 16 * MiB };
    expect(trendAt(trend, 4000)).toBe(14 * MiB);
    expect(trendAt(trend, 1999)).toBeNull();
    expect(trendAt(null, 4000)).toBeNull();
    const data = prepareMemoryChart({ series: rising(7), restarts: [], verdict: verdict('growing', { trend }) }, { maxPoints: 500, intervalMs: 1000 });
    expect(data.hasTrend).toBe(true);
    expect(data.rows.map((r) => (r.trend === null ? null : r.trend! / MiB))).toEqual([null, null, 12, 13, 14, 15, 16]);
  });

  it('fits the axis to the highest drawn line, the trend included', () => {
    const trend = { fromTime: 0, fromBytes: 10 * MiB, toTime: 4000, toBytes: 100 * MiB };
    const data = prepareMemoryChart({ series: rising(5), restarts: [], verdict: verdict('growing', { trend }) }, { maxPoints: 500, intervalMs: 1000 });
    expect(data.yTop).toBeGreaterThanOrEqual(100 * MiB);
    expect(data.yTicks[0]).toBe(0);
    expect(data.yTicks.at(-1)).toBe(data.yTop);
  });

  it('marks restarts once each, from the restart list and from points flagged as restarts, within the view', () => {
    const series = [point(0, 10, 100), point(1000, 11, 100), point(2000, 5, 200, true), point(3000, 6, 200), point(4000, 2, 300, true)];
    const restarts = [
      { time: 2000, oldPid: 100, newPid: 200 },
      // Older than the series still held: not drawn.
      { time: -5000, oldPid: 50, newPid: 100 },
    ];
    const data = prepareMemoryChart({ series, restarts, verdict: verdict() }, { maxPoints: 500, intervalMs: 1000 });
    // The line breaks before each restarted process instead of ramping from the old one.
    expect(data.rows.map((r) => (r.rss === null ? null : r.rss! / MiB))).toEqual([10, 11, null, 5, 6, null, 2]);
    expect(data.restarts).toEqual([
      { time: 2000, label: 'restart: pid 100 → 200' },
      { time: 4000, label: 'restart: pid 300' },
    ]);
  });

  it('downsamples to the plot width and breaks the line where sampling stopped', () => {
    const many = prepareMemoryChart({ series: rising(3000), restarts: [], verdict: verdict() }, { maxPoints: 300, intervalMs: 1000 });
    expect(many.rows.length).toBeLessThanOrEqual(300);
    expect(many.rows.length).toBeGreaterThan(250);
    // The averaged RSS still rises from one row to the next.
    expect(many.rows.every((r, i) => i === 0 || r.rss! > many.rows[i - 1]!.rss!)).toBe(true);

    // A name pin waited a minute for its program: the chart gets a null row there, not a ramp.
    const gap = [...rising(3), ...rising(3, 60_000)];
    const data = prepareMemoryChart({ series: gap, restarts: [], verdict: verdict() }, { maxPoints: 500, intervalMs: 1000 });
    const nulls = data.rows.filter((r) => r.rss === null);
    expect(nulls).toHaveLength(1);
    expect(nulls[0]!.t).toBeGreaterThan(2000);
    expect(nulls[0]!.t).toBeLessThan(60_000);
  });

  it('shows swap only when something was swapped', () => {
    const series = rising(3).map((p, i) => ({ ...p, swapBytes: i === 2 ? 4 * MiB : 0 }));
    expect(prepareMemoryChart({ series, restarts: [], verdict: verdict() }, { maxPoints: 500, intervalMs: 1000 }).hasSwap).toBe(true);
  });
});
