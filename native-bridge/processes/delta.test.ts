import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../contract/processes.js';
import { applyDelta, diffTables } from './delta.js';

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

  it('an unchanged table gives an empty delta', () => {
    const rows = [row(1), row(2)];
    expect(diffTables(rows, rows.map((r) => ({ ...r })))).toEqual({ added: [], changed: [], removed: [] });
  });
});
