import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import type { ProcessSeries } from '../contract/snapshot.js';

export interface ProcessSeriesOptions {
  /** How many of the busiest and of the largest processes get a point each tick. */
  top?: number;
  /** Points kept per process (15 minutes at 1 Hz by default). */
  maxPoints?: number;
}

interface Tracked {
  pid: number;
  startTime: number;
  name: string;
  cpuPoints: Array<{ time: number; cpu: number; rss: number }>;
}

const keyOf = (row: { pid: number; startTime: number }): string => `${row.pid}:${row.startTime}`;

/**
 * Follows the processes.table stream and keeps the series of the top consumers, so a snapshot can show
 * how the busiest and largest processes got there. Only the top N per tick get a point: a series has
 * gaps while its process was not among them.
 */
export class ProcessSeriesRecorder {
  private readonly table = new Map<string, ProcessRow>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly top: number;
  private readonly maxPoints: number;

  constructor(options: ProcessSeriesOptions = {}) {
    this.top = options.top ?? 10;
    this.maxPoints = options.maxPoints ?? 900;
  }

  handle(message: ProcessTableMessage): void {
    if (message.kind === 'snapshot') {
      this.table.clear();
      for (const row of message.rows) this.table.set(keyOf(row), row);
    } else {
      for (const key of message.removed) this.table.delete(keyOf(key));
      for (const row of message.added) this.table.set(keyOf(row), row);
      for (const change of message.changed) {
        const row = this.table.get(keyOf(change));
        if (row) this.table.set(keyOf(change), { ...row, ...change });
      }
    }
    this.tick(message.time);
  }

  private tick(time: number): void {
    const rows = [...this.table.values()];
    const chosen = new Set<ProcessRow>([
      ...[...rows].sort((a, b) => b.cpu - a.cpu).slice(0, this.top),
      ...[...rows].sort((a, b) => b.rss - a.rss).slice(0, this.top),
    ]);
    for (const row of chosen) {
      const key = keyOf(row);
      let entry = this.tracked.get(key);
      if (!entry) {
        entry = { pid: row.pid, startTime: row.startTime, name: row.name, cpuPoints: [] };
        this.tracked.set(key, entry);
      }
      entry.cpuPoints.push({ time, cpu: row.cpu, rss: row.rss });
      if (entry.cpuPoints.length > this.maxPoints) entry.cpuPoints.shift();
    }
    // Forget processes whose every point has aged out of the window anyone could ask for.
    const oldest = time - this.maxPoints * 5_000;
    for (const [key, entry] of this.tracked) {
      const last = entry.cpuPoints.at(-1);
      if (!last || last.time < oldest) this.tracked.delete(key);
    }
  }

  /** The top consumers of the window: the N busiest by peak CPU, then the N largest by peak memory. */
  series(from: number, to: number): ProcessSeries[] {
    const inWindow = [...this.tracked.values()]
      .map((entry) => ({ entry, points: entry.cpuPoints.filter((p) => p.time >= from && p.time <= to) }))
      .filter(({ points }) => points.length > 0)
      .map(({ entry, points }) => ({
        entry,
        points,
        peakCpu: Math.max(...points.map((p) => p.cpu)),
        peakRss: Math.max(...points.map((p) => p.rss)),
      }));
    const byCpu = [...inWindow].sort((a, b) => b.peakCpu - a.peakCpu).slice(0, this.top);
    const taken = new Set(byCpu.map((x) => x.entry));
    const byRss = inWindow.filter((x) => !taken.has(x.entry)).sort((a, b) => b.peakRss - a.peakRss).slice(0, this.top);
    const toSeries = (x: (typeof inWindow)[number], reason: 'cpu' | 'memory'): ProcessSeries => ({
      pid: x.entry.pid,
      startTime: x.entry.startTime,
      name: x.entry.name,
      reason,
      points: x.points.map((p) => ({ time: p.time, cpu: p.cpu, rss: p.rss })),
    });
    return [...byCpu.map((x) => toSeries(x, 'cpu')), ...byRss.map((x) => toSeries(x, 'memory'))];
  }
}
