import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessRow, ProcessTableMessage } from '../../../native-bridge/contract/index.js';
import { diffTables } from '../../../native-bridge/common/processes-delta.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { makeRow } from './fixtures/rows.js';
import { keyOf } from './keys.js';
import { createProcessesStore, withColumn } from './store.js';
import { DEFAULT_VIEW, VIEW_PREFERENCE_KEY } from './view-preferences.js';
import { until } from '../../../test-support/until.js';

const meta = { time: 1_700_000_001_000, intervalMs: 1000, ncpu: 2, totalMemoryBytes: 8 << 30, source: 'procfs' as const };
const snapshot = (rows: ProcessRow[]): ProcessTableMessage => ({ kind: 'snapshot', ...meta, rows });
const delta = (prev: ProcessRow[], next: ProcessRow[], time = meta.time + 1000): ProcessTableMessage => ({
  kind: 'delta',
  ...meta,
  time,
  ...diffTables(prev, next),
});

function offlineStore() {
  return createProcessesStore(offline, () => memoryStorage());
}

/** What the app's preference storage offers (getItem/setItem/removeItem), kept in memory. */
function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

const offline = (): never => {
  throw new Error('this test feeds the store directly');
};

describe('processes store: view choices survive a restart', () => {
  it('columns, sort, CPU % mode and tree are written on each change and read back by the next store', () => {
    const storage = memoryStorage();
    const before = createProcessesStore(offline, () => storage);
    before.getState().sortBy('rss');
    expect(JSON.parse(storage.values.get(VIEW_PREFERENCE_KEY)!)).toMatchObject({ v: 1, sort: { column: 'rss', desc: true } });
    before.getState().sortBy('rss');
    before.getState().toggleColumn('ppid');
    before.getState().toggleColumn('user');
    before.getState().setCpuMode('machine');
    before.getState().setTree(true);
    const chosen = before.getState();

    const after = createProcessesStore(offline, () => storage);
    expect(after.getState().sort).toEqual(DEFAULT_VIEW.sort); // nothing read before the page restores it
    after.getState().restoreView();
    const restored = after.getState();
    expect(restored.sort).toEqual({ column: 'rss', desc: false });
    expect(restored.columns).toEqual(chosen.columns);
    expect(restored.columns).toContain('ppid');
    expect(restored.columns).not.toContain('user');
    expect(restored.cpuMode).toBe('machine');
    expect(restored.tree).toBe(true);
    // The view is computed with the restored settings.
    after.getState().ingest(snapshot([makeRow({ pid: 10, rss: 1 }), makeRow({ pid: 20, rss: 2 })]));
    expect(after.getState().view.map((v) => v.row.pid)).toEqual([10, 20]);
  });

  it('a change before the first restore keeps the other saved choices', () => {
    const storage = memoryStorage();
    const first = createProcessesStore(offline, () => storage);
    first.getState().setTree(true);
    const second = createProcessesStore(offline, () => storage);
    second.getState().setCpuMode('machine');
    const third = createProcessesStore(offline, () => storage);
    third.getState().restoreView();
    expect(third.getState()).toMatchObject({ tree: true, cpuMode: 'machine' });
  });

  it('garbage, an old version or a storage that throws start the defaults, never a crash', () => {
    for (const value of ['{not json', JSON.stringify({ v: 0, tree: true }), JSON.stringify({ v: 1, columns: ['nope'], sort: 'cpu', tree: 1 })]) {
      const store = createProcessesStore(offline, () => memoryStorage({ [VIEW_PREFERENCE_KEY]: value }));
      store.getState().restoreView();
      const s = store.getState();
      expect({ columns: s.columns, sort: s.sort, cpuMode: s.cpuMode, tree: s.tree, detailWidth: s.detailWidth }).toEqual(DEFAULT_VIEW);
    }
    const broken = {
      getItem: (): string | null => {
        throw new Error('storage disabled');
      },
      setItem: (): void => {
        throw new Error('quota');
      },
      removeItem: (): void => undefined,
    };
    const store = createProcessesStore(offline, () => broken);
    store.getState().restoreView();
    store.getState().setTree(true);
    expect(store.getState().tree).toBe(true);
  });

  it('a shown column goes where the default order puts it among a saved order', () => {
    expect(withColumn(['name', 'pid', 'cpu'], 'user')).toEqual(['name', 'pid', 'user', 'cpu']);
    expect(withColumn(['cpu'], 'pid')).toEqual(['pid', 'cpu']);
  });
});

describe('processes store: selection follows the process', () => {
  it('across deltas and re-sorts the selection stays on (pid, start time), not the row position', () => {
    const store = offlineStore();
    const first = [makeRow({ pid: 10, cpu: 50 }), makeRow({ pid: 20, cpu: 30 }), makeRow({ pid: 30, cpu: 10 })];
    store.getState().ingest(snapshot(first));
    expect(store.getState().view.map((v) => v.row.pid)).toEqual([10, 20, 30]);
    store.getState().click(keyOf(first[1]!)); // pid 20, second row
    // pid 20 becomes the busiest: it moves to the top; the selection moves with it.
    const second = [makeRow({ pid: 10, cpu: 5 }), makeRow({ pid: 20, cpu: 90 }), makeRow({ pid: 30, cpu: 10 })];
    store.getState().ingest(delta(first, second));
    const state = store.getState();
    expect(state.view.map((v) => v.row.pid)).toEqual([20, 30, 10]);
    expect([...state.selection.selected]).toEqual([keyOf(first[1]!)]);
    expect(state.selection.focus).toBe(keyOf(first[1]!));
    expect(state.history.points.map((p) => p.cpu)).toEqual([30, 90]);

    // A new sort order: still the same process.
    store.getState().sortBy('pid');
    expect(store.getState().sort).toEqual({ column: 'pid', desc: false });
    expect(store.getState().view.map((v) => v.row.pid)).toEqual([10, 20, 30]);
    expect(store.getState().selection.focus).toBe(keyOf(first[1]!));
    store.getState().sortBy('pid');
    expect(store.getState().sort.desc).toBe(true);
  });

  it('when the pid is reused the selection is dropped, never moved to the new process', () => {
    const store = offlineStore();
    const first = [makeRow({ pid: 10 }), makeRow({ pid: 20 })];
    store.getState().ingest(snapshot(first));
    store.getState().click(keyOf(first[1]!));
    const reused = [first[0]!, makeRow({ pid: 20, startTime: 55_555, name: 'impostor' })];
    store.getState().ingest(delta(first, reused));
    expect(store.getState().selection.selected.size).toBe(0);
    expect(store.getState().selection.focus).toBeNull();
    expect(store.getState().requestAction({ kind: 'signal', signal: 'KILL' })).toBe(false);
    expect(store.getState().dialog).toBeNull();
  });

  it('the filter keeps applying to new rows, and hidden rows leave the selection (nothing is acted on unseen)', () => {
    const store = offlineStore();
    const first = [makeRow({ pid: 1, cmdline: 'web --worker' }), makeRow({ pid: 2, cmdline: 'db' })];
    store.getState().ingest(snapshot(first));
    store.getState().selectAllShown();
    expect(store.getState().selection.selected.size).toBe(2);
    store.getState().setFilter('worker');
    expect(store.getState().view.map((v) => v.row.pid)).toEqual([1]);
    expect([...store.getState().selection.selected]).toEqual([keyOf(first[0]!)]);
    const next = [...first, makeRow({ pid: 3, cmdline: 'web --worker 2' })];
    store.getState().ingest(delta(first, next));
    expect(store.getState().view.map((v) => v.row.pid).sort()).toEqual([1, 3]);
  });

  it('shift-range, ctrl-toggle and keyboard moves select by view order; the dialog lists the targets as seen', () => {
    const store = offlineStore();
    const rows = [1, 2, 3, 4, 5].map((pid) => makeRow({ pid, cpu: 10 - pid }));
    store.getState().ingest(snapshot(rows));
    store.getState().click(keyOf(rows[1]!));
    store.getState().click(keyOf(rows[3]!), { range: true });
    expect([...store.getState().selection.selected].sort()).toEqual([2, 3, 4].map((p) => keyOf(rows[p - 1]!)).sort());
    store.getState().click(keyOf(rows[2]!), { toggle: true });
    expect(store.getState().selection.selected.has(keyOf(rows[2]!))).toBe(false);
    store.getState().move(1);
    expect([...store.getState().selection.selected]).toEqual([keyOf(rows[3]!)]);
    store.getState().move(1, true);
    expect(store.getState().selection.selected.size).toBe(2);
    store.getState().move(-100);
    expect(store.getState().selection.focus).toBe(keyOf(rows[0]!));

    expect(store.getState().requestAction({ kind: 'renice', nice: 5 })).toBe(true);
    expect(store.getState().dialog!.targets).toEqual([
      { pid: 1, startTime: rows[0]!.startTime, name: 'proc1', user: 'alice', cmdline: '/usr/bin/proc1' },
    ]);
    store.getState().cancelAction();
    expect(store.getState().dialog).toBeNull();
  });

  it('tree view: collapsing hides children, and a collapsed child leaves the selection', () => {
    const store = offlineStore();
    const rows = [makeRow({ pid: 1, ppid: 0 }), makeRow({ pid: 2, ppid: 1 }), makeRow({ pid: 3, ppid: 2 })];
    store.getState().ingest(snapshot(rows));
    store.getState().setTree(true);
    expect(store.getState().view.map((v) => v.depth)).toEqual([0, 1, 2]);
    store.getState().click(keyOf(rows[2]!));
    store.getState().setCollapsed(keyOf(rows[1]!), true);
    expect(store.getState().view.map((v) => v.row.pid)).toEqual([1, 2]);
    expect(store.getState().selection.selected.size).toBe(0);
    store.getState().setCollapsed(keyOf(rows[1]!), false);
    expect(store.getState().view).toHaveLength(3);
  });

  it('the column chooser keeps the canonical order and at least one column', () => {
    const store = offlineStore();
    store.getState().toggleColumn('ppid');
    expect(store.getState().columns.indexOf('ppid')).toBe(1);
    for (const id of [...store.getState().columns]) store.getState().toggleColumn(id);
    expect(store.getState().columns).toHaveLength(1);
  });
});

describe('processes store against the real backend (in-process transport, real /proc, real child)', () => {
  let connection: TestClient | undefined;
  let child: ChildProcess | undefined;

  afterEach(() => {
    connection?.close();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('filters to a spawned child, stops it through the confirmation, and the audit log lists it', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-proc-store-' });
    const auditPath = join(connection.configDir, 'audit.jsonl');
    // Which methods the store calls, over the real client (the audit log must not be read back after an action).
    const called: string[] = [];
    const observed = new Proxy(connection.client, {
      get: (target, key, receiver) =>
        key === 'call'
          ? (method: string, ...rest: unknown[]) => {
              called.push(method);
              return (target.call as (m: string, ...r: unknown[]) => unknown)(method, ...rest);
            }
          : Reflect.get(target, key, receiver),
    });
    const store = createProcessesStore(() => observed);
    const marker = `0.${process.pid}${Date.now() % 1e6}`;
    child = spawn('sleep', ['1000', marker], { stdio: 'ignore' });
    const pid = child.pid!;

    store.getState().start();
    store.getState().setFilter(marker);
    await until(() => store.getState().view.some((v) => v.row.pid === pid), 'the child in the table');
    const row = store.getState().view.find((v) => v.row.pid === pid)!;
    expect(row.row.cmdline).toBe(`sleep 1000 ${marker}`);
    store.getState().click(row.key);
    await store.getState().loadDetail();
    expect(store.getState().detail?.data?.argv).toEqual(['sleep', '1000', marker]);

    expect(store.getState().requestAction({ kind: 'signal', signal: 'STOP' })).toBe(true);
    await store.getState().confirmAction();
    const batch = store.getState().lastBatch!;
    expect(batch.items[0]!.result).toMatchObject({ ok: true, message: `Stopped sleep (pid ${pid}) (STOP); continue it to let it run again.` });
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    expect(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)).toBe('T');
    // The table catches up on the next refresh, with the selection still on the child.
    await until(() => store.getState().view.find((v) => v.row.pid === pid)?.row.state === 'T', 'state T in the table');
    expect(store.getState().selection.focus).toBe(row.key);
    expect(store.getState().audit.at(-1)).toMatchObject({ action: 'signal', params: { signal: 'STOP' }, target: { pid } });
    const lines = readFileSync(auditPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    // The view shows the very line the backend wrote, taken from the action's result.
    expect(store.getState().audit.at(-1)).toEqual(JSON.parse(lines[0]!));
    expect(called).not.toContain('processes.audit');

    // Kill it: it leaves the table and the selection.
    store.getState().requestAction({ kind: 'signal', signal: 'KILL' });
    await store.getState().confirmAction();
    await until(() => !store.getState().view.some((v) => v.row.pid === pid), 'the child to leave the table');
    expect(store.getState().selection.focus).toBeNull();
    expect(store.getState().audit).toHaveLength(2);
    store.getState().stop();
  });
});
