import { describe, expect, it } from 'vitest';
import type { ChartRow } from '../../../app/downsample.js';
import { downsample } from '../../../app/downsample.js';
import { chartPalette } from '../../../app/palette.js';
import { makeSeries } from '../fixtures/samples.js';
import { isSamplingGap } from '../ring.js';
import { nearestRow, plotFor, seriesPaths, timeLabelTicks, xOf, yOf } from './chart-geometry.js';
import { cpuModel, type ChartModel, type SeriesDef } from './models.js';

const palette = chartPalette('light');
const series = (key: string, extra: Partial<SeriesDef> = {}): SeriesDef => ({ key, label: key, metric: 'cpu.user', color: '#000', read: () => 0, ...extra });
/** Two stacked bands, a line and a tooltip-only value, on a 0–100 axis. */
const model: ChartModel = {
  mode: 'avg',
  axisMetric: 'cpu.busy',
  series: [series('a', { stackId: 's' }), series('b', { stackId: 's' }), series('line'), series('hidden', { tooltipOnly: true })],
  y: { fixedMax: 100 },
  references: [],
};
/** A 100 px × 100 px plot over t = 0…100 ms, values 0…100: one unit is one pixel. */
const plot = { ...plotFor(200, 200, 0, 100, 100), left: 0, top: 0, width: 100, height: 100 };

/** The points of path data, one list per "M" (per unbroken run). */
function runs(d: string): [number, number][][] {
  return d
    .split('M')
    .filter(Boolean)
    .map((run) => run.replace(/Z$/, '').split('L').map((p) => p.split(',').map(Number) as [number, number]));
}

describe('series paths', () => {
  const rows: ChartRow[] = [
    { t: 0, a: 10, b: 20, line: 50, hidden: 7 },
    { t: 50, a: 30, b: 40, line: null, hidden: 7 },
    { t: 100, a: 5, b: 5, line: 60, hidden: 7 },
  ];

  it('stacks a band on the sum of those before it, and fills down to that sum', () => {
    const [a, b] = seriesPaths(rows, model, plot);
    // y = 100 - value: the second band's top is at a + b.
    expect(runs(a!.line)).toEqual([[[0, 90], [50, 70], [100, 95]]]);
    expect(runs(b!.line)).toEqual([[[0, 70], [50, 30], [100, 90]]]);
    // Its area goes along its top, then back along the first band's top.
    expect(runs(b!.area!)).toEqual([[[0, 70], [50, 30], [100, 90], [100, 95], [50, 70], [0, 90]]]);
    expect(runs(a!.area!)[0]!.slice(3)).toEqual([[100, 100], [50, 100], [0, 100]]);
  });

  it('breaks a line at a null instead of joining across it, and draws no tooltip-only series', () => {
    const paths = seriesPaths(rows, model, plot);
    expect(paths.map((p) => p.series.key)).toEqual(['a', 'b', 'line']);
    const line = paths[2]!;
    expect(line.area).toBeNull();
    expect(runs(line.line)).toEqual([[[0, 50]], [[100, 40]]]);
  });

  it('never holds more points than the plot has pixels, however many samples', () => {
    const cpu = cpuModel(palette);
    const view = makeSeries(3600, 1_700_000_000_000);
    const width = 300;
    const wide = plotFor(width + 80, 180, view[0]!.time, 3_600_000, 100);
    const drawn = downsample(view, { time: (s) => s.time, fields: cpu.series, maxPoints: wide.width, mode: 'avg', spanMs: 3_600_000, isGap: isSamplingGap });
    for (const p of seriesPaths(drawn, cpu, wide)) {
      const points = runs(p.line).flat();
      expect(points.length).toBeGreaterThan(100);
      expect(points.length).toBeLessThanOrEqual(wide.width);
    }
  });
});

describe('chart scales', () => {
  it('maps time onto x and values onto y inside the plot', () => {
    const p = plotFor(600, 180, 1000, 60_000, 100);
    expect(xOf(p, 1000)).toBe(p.left);
    expect(xOf(p, 61_000)).toBe(p.left + p.width);
    expect(yOf(p, 0)).toBe(p.top + p.height);
    expect(yOf(p, 100)).toBe(p.top);
  });

  it('leaves out a time label that would be cut off at either edge', () => {
    const end = Date.UTC(2024, 0, 1, 12, 0, 1);
    // 60 s over 520 px: 10 s steps; 12:00:00 sits 1 s (9 px) from the right edge, under half a label.
    const ticks = timeLabelTicks(end - 60_000, end, 520);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks).not.toContain(Date.UTC(2024, 0, 1, 12, 0, 0));
    expect(ticks).toEqual([10, 20, 30, 40, 50].map((s) => Date.UTC(2024, 0, 1, 11, 59, s)));
  });

  it('finds the row nearest a time', () => {
    const rows = [{ t: 0 }, { t: 10 }, { t: 20 }] as ChartRow[];
    expect([nearestRow(rows, -5), nearestRow(rows, 4), nearestRow(rows, 6), nearestRow(rows, 99)]).toEqual([0, 0, 1, 2]);
    expect(nearestRow([], 5)).toBe(-1);
  });
});
