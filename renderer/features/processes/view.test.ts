import { describe, expect, it } from 'vitest';
import { cpuPercent, type ColumnContext } from './columns.js';
import { makeRow } from './fixtures/rows.js';
import { keyOf } from './keys.js';
import { computeView, matchesFilter, type ViewOptions } from './view.js';

const ctx: ColumnContext = { cpuMode: 'core', ncpu: 4, now: 1_700_000_100_000 };
const flatOptions = (over: Partial<ViewOptions> = {}): ViewOptions => ({
  ...ctx,
  filter: '',
  sort: { column: 'cpu', desc: true },
  tree: false,
  collapsed: new Set(),
  ...over,
});
const pids = (view: ReturnType<typeof computeView>): number[] => view.map((v) => v.row.pid);

describe('CPU percent of one core vs of the machine', () => {
  it('divides by the number of cores, so 4 cores at 100% is 400% of one core and 100% of the machine', () => {
    expect(cpuPercent({ cpu: 400 }, 'core', 4)).toBe(400);
    expect(cpuPercent({ cpu: 400 }, 'machine', 4)).toBe(100);
    expect(cpuPercent({ cpu: 50 }, 'machine', 2)).toBe(25);
    // A backend that reported no cores must not make an infinite percentage.
    expect(cpuPercent({ cpu: 50 }, 'machine', 0)).toBe(50);
  });

  it('the sort order is the same in both modes; the displayed value differs', () => {
    const rows = [makeRow({ pid: 10, cpu: 30 }), makeRow({ pid: 11, cpu: 150 }), makeRow({ pid: 12, cpu: 80 })];
    const core = computeView(rows, flatOptions());
    const machine = computeView(rows, flatOptions({ cpuMode: 'machine' }));
    expect(pids(core)).toEqual([11, 12, 10]);
    expect(pids(machine)).toEqual([11, 12, 10]);
  });
});

describe('sort', () => {
  const rows = [
    makeRow({ pid: 30, name: 'beta', rss: 300, user: 'root', ioReadPerSec: null, startedAt: 3 }),
    makeRow({ pid: 10, name: 'Alpha', rss: 100, user: 'bob', ioReadPerSec: 50, startedAt: 1 }),
    makeRow({ pid: 20, name: 'gamma', rss: 300, user: 'alice', ioReadPerSec: 10, startedAt: 2 }),
  ];

  it('any column, both directions; ties broken by pid so equal rows never swap places', () => {
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'rss', desc: true } })))).toEqual([20, 30, 10]);
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'rss', desc: false } })))).toEqual([10, 20, 30]);
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'name', desc: false } })))).toEqual([10, 30, 20]);
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'user', desc: false } })))).toEqual([20, 10, 30]);
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'pid', desc: true } })))).toEqual([30, 20, 10]);
    // Newest first when "running for" ascends: the shortest elapsed time is the latest start.
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'start', desc: false } })))).toEqual([30, 20, 10]);
  });

  it('unreadable values (another user’s I/O) sort last in either direction', () => {
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'ioRead', desc: true } })))).toEqual([10, 20, 30]);
    expect(pids(computeView(rows, flatOptions({ sort: { column: 'ioRead', desc: false } })))).toEqual([20, 10, 30]);
  });
});

describe('filter', () => {
  const row = makeRow({ pid: 4242, name: 'postgres', user: 'postgres', cmdline: 'postgres: checkpointer' });

  it('matches name, command line and user case-insensitively, and the pid exactly', () => {
    expect(matchesFilter(row, 'POSTGRES')).toBe(true);
    expect(matchesFilter(row, 'checkpoint')).toBe(true);
    expect(matchesFilter(makeRow({ pid: 5, user: 'www-data' }), 'www')).toBe(true);
    expect(matchesFilter(row, '4242')).toBe(true);
    expect(matchesFilter(row, '424')).toBe(false);
    expect(matchesFilter(row, 'nginx')).toBe(false);
    expect(matchesFilter(row, '   ')).toBe(true);
  });

  it('keeps filtering as rows change: a new matching row appears, a changed row drops out', () => {
    const options = flatOptions({ filter: 'worker' });
    const first = [makeRow({ pid: 1, cmdline: 'app --worker' }), makeRow({ pid: 2, cmdline: 'app --main' })];
    expect(pids(computeView(first, options))).toEqual([1]);
    const later = [makeRow({ pid: 1, cmdline: 'app --idle' }), makeRow({ pid: 2, cmdline: 'app --main' }), makeRow({ pid: 3, name: 'worker' })];
    expect(pids(computeView(later, options))).toEqual([3]);
  });
});

describe('tree', () => {
  // 1 ─┬─ 2 ─── 4
  //    └─ 3
  // 7 (parent 99 gone: an orphan), 8 (parent 0: a root like kthreadd)
  const rows = [
    makeRow({ pid: 4, ppid: 2, cpu: 5 }),
    makeRow({ pid: 3, ppid: 1, cpu: 50 }),
    makeRow({ pid: 2, ppid: 1, cpu: 10 }),
    makeRow({ pid: 1, ppid: 0, cpu: 0 }),
    makeRow({ pid: 7, ppid: 99, cpu: 1, name: 'orphan' }),
    makeRow({ pid: 8, ppid: 0, cpu: 2 }),
  ];
  const treeOptions = (over: Partial<ViewOptions> = {}) => flatOptions({ tree: true, ...over });

  it('puts children under parents, siblings sorted, and processes without a parent in the table at the top level', () => {
    const view = computeView(rows, treeOptions());
    expect(view.map((v) => [v.row.pid, v.depth])).toEqual([
      [8, 0],
      [7, 0],
      [1, 0],
      [3, 1],
      [2, 1],
      [4, 2],
    ]);
    expect(view.find((v) => v.row.pid === 1)!.childCount).toBe(2);
    expect(view.find((v) => v.row.pid === 4)!.childCount).toBe(0);
  });

  it('collapsing a node hides its whole subtree and nothing else', () => {
    const collapsed = new Set([keyOf(rows[2]!)]); // pid 2
    const view = computeView(rows, treeOptions({ collapsed }));
    expect(pids(view)).toEqual([8, 7, 1, 3, 2]);
    expect(view.find((v) => v.row.pid === 2)!.collapsed).toBe(true);
    const top = computeView(rows, treeOptions({ collapsed: new Set([keyOf(rows[3]!)]) })); // pid 1
    expect(pids(top)).toEqual([8, 7, 1]);
  });

  it('with a filter, a match keeps its ancestors as context rows', () => {
    const view = computeView(rows, treeOptions({ filter: 'proc4' }));
    expect(view.map((v) => [v.row.pid, v.depth, v.context])).toEqual([
      [1, 0, true],
      [2, 1, true],
      [4, 2, false],
    ]);
  });

  it('a parent loop from a torn read cannot hang the view', () => {
    const loop = [makeRow({ pid: 5, ppid: 6 }), makeRow({ pid: 6, ppid: 5 }), makeRow({ pid: 9, ppid: 9 })];
    const view = computeView(loop, treeOptions());
    // 9 is its own parent: a root. 5 and 6 have no root to hang from: still shown, at the top level.
    expect(view.map((v) => [v.row.pid, v.depth])).toEqual([
      [9, 0],
      [5, 0],
      [6, 1],
    ]);
  });
});
