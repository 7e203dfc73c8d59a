import { describe, expect, it } from 'vitest';
import type { ProcessTableMessage } from '../contract/processes.js';
import { ProcessSeriesRecorder } from './process-series.js';
import { syntheticRows } from './test-support/synthetic.js';

const meta = { intervalMs: 1000, ncpu: 2, totalMemoryBytes: 8e9, source: 'procfs' as const };

describe('ProcessSeriesRecorder', () => {
  it('follows snapshot and delta messages and keeps the series of the top consumers in the window', () => {
    const recorder = new ProcessSeriesRecorder({ top: 2 });
    const rows = syntheticRows(10, 0).map((row) => ({ ...row, cpu: 1, rss: 1_000_000 }));
    rows[3] = { ...rows[3]!, cpu: 90 };
    rows[7] = { ...rows[7]!, rss: 9_000_000_000 };
    const first: ProcessTableMessage = { kind: 'snapshot', time: 1000, ...meta, rows };
    recorder.handle(first);
    for (let t = 2000; t <= 5000; t += 1000) {
      recorder.handle({ kind: 'delta', time: t, ...meta, added: [], removed: [], changed: [{ pid: rows[3]!.pid, startTime: rows[3]!.startTime, cpu: 90 + t / 1000 }] });
    }
    // Process 7 ends; a new one appears and becomes the busiest.
    const newcomer = { ...rows[0]!, pid: 9999, startTime: 5, name: 'newcomer', cpu: 150 };
    recorder.handle({ kind: 'delta', time: 6000, ...meta, added: [newcomer], removed: [{ pid: rows[7]!.pid, startTime: rows[7]!.startTime }], changed: [] });

    const series = recorder.series(0, 10_000);
    const busiest = series.find((s) => s.pid === rows[3]!.pid)!;
    expect(busiest.reason).toBe('cpu');
    expect(busiest.points.map((p) => p.cpu)).toEqual([90, 92, 93, 94, 95, 95]);
    expect(series.find((s) => s.pid === 9999)).toMatchObject({ reason: 'cpu', points: [{ time: 6000, cpu: 150, rss: newcomer.rss }] });
    expect(series.find((s) => s.pid === rows[7]!.pid)).toMatchObject({ reason: 'memory' });
    expect(series.find((s) => s.pid === rows[7]!.pid)!.points.at(-1)!.time).toBe(5000);

    // A window after the end holds nothing; one inside holds only its points.
    expect(recorder.series(20_000, 30_000)).toEqual([]);
    expect(recorder.series(2000, 3000).find((s) => s.pid === rows[3]!.pid)!.points.map((p) => p.time)).toEqual([2000, 3000]);
  });
});
