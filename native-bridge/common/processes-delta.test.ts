import { describe, expect, it } from 'vitest';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import { applyDelta, applyTableMessage, diffTables } from './processes-delta.js';

const row = (pid: number, over: Partial<ProcessRow> = {}): ProcessRow => ({
  pid,
  startTime: 100 + pid,
  ppid: 1,
  startedAt: 1_700_000_000_000,
  uid: 0,
  user: 'root',
  name: `p${pid}`,
  state: 'S',
  cpu: 0,
  cpuMachine: 0,
  cpuTime: 1,
  rss: 4096,
  shared: 0,
  vsize: 8192,
  swap: 0,
  threads: 1,
  nice: 0,
  priority: 20,
  ioReadPerSec: 0,
  ioWritePerSec: null,
  cmdline: `p${pid} --x`,
  ...over,
});

describe('diffTables', () => {
  it('sends only changed fields with the key, new rows whole, and gone rows as keys', () => {
    const prev = [row(1), row(2), row(3)];
    const next = [row(1), row(2, { cpu: 12.5, state: 'R' }), row(4)];
    const delta = diffTables(prev, next);
    expect(delta.added).toEqual([row(4)]);
    expect(delta.changed).toEqual([{ pid: 2, startTime: 102, cpu: 12.5, state: 'R' }]);
    expect(delta.removed).toEqual([{ pid: 3, startTime: 103 }]);
    expect(applyDelta(prev, delta)).toEqual(next);
  });

  it('a reused pid is a removal plus an addition, never a change', () => {
    const prev = [row(7)];
    const next = [row(7, { startTime: 999, name: 'new' })];
    const delta = diffTables(prev, next);
    expect(delta.changed).toEqual([]);
    expect(delta.removed).toEqual([{ pid: 7, startTime: 107 }]);
    expect(delta.added).toEqual(next);
    expect(applyDelta(prev, delta)).toEqual(next);
  });

  it('a change or removal applies only to the row with its start time; one pid named with two start times still applies both', () => {
    // A delta made for another table: pid 1's change and pid 2's removal name other processes than the rows hold.
    const prev = [row(1), row(2), row(3)];
    expect(applyDelta(prev, { added: [], changed: [{ pid: 1, startTime: 5, cpu: 50 }], removed: [{ pid: 2, startTime: 6 }] })).toEqual(prev);
    // A table holding pid 4 twice (two tables merged by hand): each of its two keys is removed or changed.
    const twice = [row(4), row(4, { startTime: 7 }), row(5)];
    expect(applyDelta(twice, { added: [], changed: [{ pid: 4, startTime: 7, cpu: 9 }], removed: [{ pid: 4, startTime: 104 }, { pid: 4, startTime: 7 }] })).toEqual([row(5)]);
    expect(applyDelta(twice, { added: [], changed: [{ pid: 4, startTime: 104, cpu: 1 }, { pid: 4, startTime: 7, cpu: 2 }], removed: [] })).toEqual([
      row(4, { cpu: 1 }),
      row(4, { startTime: 7, cpu: 2 }),
      row(5),
    ]);
  });

  it('an unchanged table gives an empty delta', () => {
    const rows = [row(1), row(2)];
    expect(diffTables(rows, rows.map((r) => ({ ...r })))).toEqual({ added: [], changed: [], removed: [] });
  });
});

describe('applyTableMessage', () => {
  const meta = { time: 1_700_000_001_000, intervalMs: 1000, ncpu: 2, totalMemoryBytes: 8 << 30, source: 'procfs' as const };
  const delta = (prev: ProcessRow[], next: ProcessRow[]): ProcessTableMessage => ({ kind: 'delta', ...meta, ...diffTables(prev, next) });

  it('prev + diff(prev, next) = next, and unchanged rows keep their identity', () => {
    const prev = [row(1), row(2, { cpu: 5 }), row(3), row(4)];
    // pid 3 exited and the kernel handed its number to a new process: a removal and an addition.
    const next = [prev[0]!, row(2, { cpu: 9, state: 'R' }), row(3, { startTime: 99_999, name: 'newcomer' }), row(5)];
    const out = applyTableMessage(prev, delta(prev, next));
    const byKey = (rows: ProcessRow[]) => [...rows].sort((a, b) => a.pid - b.pid || a.startTime - b.startTime);
    expect(byKey(out)).toEqual(byKey(next));
    expect(out[0]).toBe(prev[0]); // untouched row: same object, so its table row skips rendering
    expect(out.find((r) => r.pid === 2)!.cpu).toBe(9);
  });

  it('a snapshot replaces the table and an empty delta returns the same array', () => {
    const rows = [row(1), row(2)];
    expect(applyTableMessage([row(9)], { kind: 'snapshot', ...meta, rows })).toBe(rows);
    expect(applyTableMessage(rows, delta(rows, rows))).toBe(rows);
  });
});
