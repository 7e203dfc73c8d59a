import { describe, expect, it } from 'vitest';
import { chartPalette } from '../../../app/palette.js';
import { makeSample } from '../fixtures/samples.js';
import { coresModel, diskModel, MAX_CORE_LINES, pickDevices } from './models.js';
import { timeTicks } from '../../../app/time-axis.js';
import { drawnMax } from './chart-geometry.js';
import { yScale } from '../../../app/y-scale.js';

const palette = chartPalette('light');

describe('y axis', () => {
  it('puts byte axes on binary steps', () => {
    expect(yScale('bytes', 1024 * 1024)).toEqual({ top: 1.5 * 1024 * 1024, ticks: [0, 512 * 1024, 1024 * 1024, 1.5 * 1024 * 1024] });
    const { ticks } = yScale('bytes', 3_000_000);
    const step = ticks[1]!;
    expect(Number.isInteger(Math.log2(step))).toBe(true);
    for (const tick of ticks) expect(tick % step).toBe(0);
  });

  it('honours a fixed maximum and labels it when the last nice tick is far below', () => {
    const total = 23.6 * 1024 ** 3;
    const scale = yScale('bytes', 2 * 1024 ** 3, { fixedMax: total });
    expect(scale.top).toBe(total);
    expect(scale.ticks).toEqual([0, 8 * 1024 ** 3, 16 * 1024 ** 3, total]);
    expect(yScale('percent', 3, { fixedMax: 100 }).ticks).toEqual([0, 25, 50, 75, 100]);
  });

  it('never collapses below the floor (core count on an idle machine) and covers the data', () => {
    expect(yScale('load', 0.1, { minTop: 2.3 })).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    const busy = yScale('load', 5.83, { minTop: 2.3 });
    expect(busy.top).toBeGreaterThanOrEqual(5.83);
    expect(busy.ticks.length).toBeLessThanOrEqual(5);
    expect(yScale('percent', 0, { minTop: 1 }).top).toBe(1);
  });
});

describe('time axis', () => {
  it('ticks on whole steps, at most the requested count', () => {
    const end = Date.UTC(2024, 0, 1, 12, 0, 7);
    const ticks = timeTicks(end - 60_000, end, 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
    for (const t of ticks) expect(t % 15_000).toBe(0);
    expect(timeTicks(end - 900_000, end, 6).every((t) => t % 180_000 === 0 || t % 300_000 === 0)).toBe(true);
  });
});

describe('chart models', () => {
  it('counts stacked series as their sum and ignores tooltip-only ones for the axis', () => {
    const model = diskModel(palette, [{ name: 'vda', slot: 0 }]);
    const rows = [{ t: 0, r0: 10, w0: 20, b0: 99_999, o0: 5 }];
    expect(drawnMax(rows, model)).toBe(20);
    const stacked = {
      ...model,
      series: model.series.map((s) => (s.tooltipOnly ? s : { ...s, stackId: 'io' })),
    };
    expect(drawnMax(rows, stacked)).toBe(30);
  });

  it('draws one line per core up to the limit, then busiest/mean/idlest', () => {
    expect(coresModel(palette, 8).series).toHaveLength(8);
    const many = coresModel(palette, MAX_CORE_LINES + 1);
    expect(many.series.map((s) => s.key)).toEqual(['hi', 'mean', 'lo']);
    const sample = makeSample(0, 40);
    expect(many.series[0]!.read(sample)).toBe(Math.max(...sample.cpu.cores.map((c) => c.busy)));
  });

  it('picks the busiest devices, hides idle ones, keeps one, and keeps colours stable', () => {
    const disk = (name: string, bytes: number) => ({
      name,
      readBytesPerSec: bytes,
      writeBytesPerSec: 0,
      readsPerSec: 0,
      writesPerSec: 0,
      busyPercent: 0,
    });
    const withDisks = (disks: ReturnType<typeof disk>[]) => ({ ...makeSample(0), disks });
    const view = [withDisks([disk('loop0', 0), disk('vda', 100), disk('vdb', 5000)])];
    const picked = pickDevices(view, (s) => s.disks, (d) => d.readBytesPerSec);
    expect(picked.shown).toEqual([
      { name: 'vdb', slot: 2 },
      { name: 'vda', slot: 1 },
    ]);
    expect(picked.hidden).toBe(1);
    const idle = pickDevices([withDisks([disk('loop1', 0), disk('loop0', 0)])], (s) => s.disks, (d) => d.readBytesPerSec);
    expect(idle.shown).toEqual([{ name: 'loop0', slot: 0 }]);
    const capped = pickDevices(
      [withDisks(['a', 'b', 'c', 'd', 'e', 'f'].map((n, i) => disk(n, i + 1)))],
      (s) => s.disks,
      (d) => d.readBytesPerSec,
      4,
    );
    expect(capped.shown.map((d) => d.name)).toEqual(['f', 'e', 'd', 'c']);
    expect(capped.hidden).toBe(2);
  });
});
