// The tracker's identity rules on explicit tables (the real feed is tested in server/change-watch.test.ts):
// a reused pid is another process, and a process already running when the watch began was not seen starting.
import { describe, expect, it } from 'vitest';
import type { ProcessKey, ProcessRow, ProcessRowChange, ProcessTableMessage } from '../contract/processes.js';
import { TopConsumerTracker } from './top-consumers.js';

const T = Date.UTC(2026, 11, 5, 22, 0, 0);
const GiB = 1024 ** 3;

function row(pid: number, startTime: number, name: string, cpu: number, startedAt: number): ProcessRow {
  return {
    pid, startTime, ppid: 1, startedAt, uid: 0, user: 'root', name, state: 'R', cpu, cpuMachine: cpu / 2, cpuTime: 1,
    rss: 10 * 1024 ** 2, shared: null, vsize: 0, swap: null, threads: 1, nice: 0, priority: 20, ioReadPerSec: null, ioWritePerSec: null, cmdline: name,
  };
}
const meta = (time: number) => ({ time, intervalMs: 1000, ncpu: 2, totalMemoryBytes: 8 * GiB, source: 'procfs' as const });
const snapshot = (time: number, rows: ProcessRow[]): ProcessTableMessage => ({ kind: 'snapshot', ...meta(time), rows });
const delta = (time: number, d: { added?: ProcessRow[]; changed?: ProcessRowChange[]; removed?: ProcessKey[] }): ProcessTableMessage => ({
  kind: 'delta', ...meta(time), added: d.added ?? [], changed: d.changed ?? [], removed: d.removed ?? [],
});

describe('TopConsumerTracker', () => {
  it('a reused pid is a new process: the old one ended, the new one started', () => {
    const tracker = new TopConsumerTracker({ sustainMs: 2000 });
    tracker.apply(snapshot(T, [row(1, 1, 'init', 0, T - 86_400_000)]));
    tracker.apply(delta(T + 1000, { added: [row(500, 9000, 'ffmpeg', 97, T + 500)] }));
    tracker.apply(delta(T + 3000, { changed: [{ pid: 500, startTime: 9000, cpu: 95 }] }));
    // Same pid, another start time: the kernel gave 500 to a new program.
    tracker.apply(delta(T + 4000, { removed: [{ pid: 500, startTime: 9000 }], added: [row(500, 9400, 'gzip', 90, T + 3900)] }));
    tracker.apply(delta(T + 6000, { changed: [{ pid: 500, startTime: 9400, cpu: 88 }] }));
    expect(tracker.list().map((e) => [e.time, e.title])).toEqual([
      [T + 500, 'ffmpeg (pid 500) started — 95% CPU'],
      [T + 4000, 'ffmpeg (pid 500) ended after 4 s'],
      [T + 3900, 'gzip (pid 500) started — 88% CPU'],
    ]);
  });

  it('already running when the watch began: no "started", but its end is told', () => {
    const tracker = new TopConsumerTracker({ sustainMs: 2000 });
    tracker.apply(snapshot(T, [row(42, 100, 'java', 80, T - 3_600_000)]));
    tracker.apply(delta(T + 1000, { changed: [{ pid: 42, startTime: 100, cpu: 80 }] }));
    tracker.apply(delta(T + 3000, { changed: [{ pid: 42, startTime: 100, cpu: 80 }] }));
    expect(tracker.list()).toEqual([]);
    tracker.apply(delta(T + 4000, { removed: [{ pid: 42, startTime: 100 }] }));
    expect(tracker.list().map((e) => e.title)).toEqual(['java (pid 42) ended after 1 h']);
  });

  it('heavy with a break is not sustained; memory counts as well as CPU', () => {
    const tracker = new TopConsumerTracker({ sustainMs: 2000 });
    tracker.apply(snapshot(T, []));
    tracker.apply(delta(T + 1000, { added: [row(7, 50, 'make', 50, T + 900)] }));
    tracker.apply(delta(T + 2000, { changed: [{ pid: 7, startTime: 50, cpu: 1 }] }));
    tracker.apply(delta(T + 3500, { changed: [{ pid: 7, startTime: 50, cpu: 50 }] }));
    tracker.apply(delta(T + 4000, { removed: [{ pid: 7, startTime: 50 }], added: [{ ...row(8, 60, 'chrome', 0, T + 3950), rss: 2 * GiB }] }));
    tracker.apply(delta(T + 6500, { changed: [{ pid: 8, startTime: 60, rss: 2 * GiB }] }));
    expect(tracker.list().map((e) => e.title)).toEqual(['chrome (pid 8) started — 2.0 GiB memory (25% of RAM)']);
  });
});
