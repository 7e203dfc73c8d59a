import type { ProcessKey, ProcessRow, ProcessRowChange, ProcessTableMessage } from '../contract/processes.js';

/**
 * The processes table travels as a snapshot then deltas. Both ends need the same rules (the backend to
 * make a delta, the UI to apply one), so they live in common/, which both sides may import:
 * pure functions, no Node APIs.
 */
export interface TableDelta {
  added: ProcessRow[];
  changed: ProcessRowChange[];
  removed: ProcessKey[];
}

const FIELDS = [
  'ppid', 'startedAt', 'uid', 'user', 'name', 'state', 'cpu', 'cpuMachine', 'cpuTime', 'rss', 'shared', 'vsize', 'swap',
  'threads', 'nice', 'priority', 'ioReadPerSec', 'ioWritePerSec', 'cmdline',
] as const satisfies ReadonlyArray<keyof ProcessRow>;

/** Only the fields that differ, plus the key; null when nothing does. */
export function diffRow(prev: ProcessRow, next: ProcessRow): ProcessRowChange | null {
  if (prev === next) return null;
  let change: Record<string, unknown> | null = null;
  for (const field of FIELDS) {
    if (prev[field] !== next[field]) {
      change ??= { pid: next.pid, startTime: next.startTime };
      change[field] = next[field];
    }
  }
  return change as ProcessRowChange | null;
}

/**
 * What changed between two tables. Identity is (pid, startTime): a reused pid is one removal plus one
 * addition, never a change, so a selection can never jump to the new process.
 */
export function diffTables(prev: readonly ProcessRow[], next: readonly ProcessRow[]): TableDelta {
  const before = new Map<number, ProcessRow>();
  for (const row of prev) before.set(row.pid, row);
  const added: ProcessRow[] = [];
  const changed: ProcessRowChange[] = [];
  const removed: ProcessKey[] = [];
  for (const row of next) {
    const old = before.get(row.pid);
    if (old === undefined || old.startTime !== row.startTime) {
      added.push(row);
      continue;
    }
    before.delete(row.pid);
    const change = diffRow(old, row);
    if (change) changed.push(change);
  }
  for (const old of before.values()) removed.push({ pid: old.pid, startTime: old.startTime });
  return { added, changed, removed };
}

/**
 * The next table from the previous one and a delta. Unchanged rows keep their object identity, so
 * memoised table rows do no work.
 */
export function applyDelta(rows: readonly ProcessRow[], delta: TableDelta): ProcessRow[] {
  const gone = byPid(delta.removed);
  const changes = byPid(delta.changed);
  // A delta diffTables did not make may name one pid with two start times: that one is matched by the whole key.
  if (!gone || !changes) return applyDeltaByKey(rows, delta);
  // Every backend consumer of the table applies each delta (hundreds of rows, every few seconds): numbers, no key strings.
  const out: ProcessRow[] = [];
  for (const row of rows) {
    if (gone.get(row.pid)?.startTime === row.startTime) continue;
    const change = changes.get(row.pid);
    out.push(change && change.startTime === row.startTime ? { ...row, ...change } : row);
  }
  out.push(...delta.added);
  return out;
}

/** The keys by pid; null when one pid comes with two start times. A key given twice keeps the last, as a map by whole key does. */
function byPid<T extends ProcessKey>(keys: readonly T[]): Map<number, T> | null {
  const map = new Map<number, T>();
  for (const k of keys) {
    if ((map.get(k.pid)?.startTime ?? k.startTime) !== k.startTime) return null;
    map.set(k.pid, k);
  }
  return map;
}

function applyDeltaByKey(rows: readonly ProcessRow[], delta: TableDelta): ProcessRow[] {
  const key = (k: ProcessKey): string => `${k.pid}:${k.startTime}`;
  const gone = new Set(delta.removed.map(key));
  const changes = new Map(delta.changed.map((c) => [key(c), c]));
  const out: ProcessRow[] = [];
  for (const row of rows) {
    const k = key(row);
    if (gone.has(k)) continue;
    const change = changes.get(k);
    out.push(change ? { ...row, ...change } : row);
  }
  out.push(...delta.added);
  return out;
}

/** The next table from the previous one and a stream message; an empty delta returns the same array. */
export function applyTableMessage(rows: readonly ProcessRow[], message: ProcessTableMessage): ProcessRow[] {
  if (message.kind === 'snapshot') return message.rows;
  if (message.added.length === 0 && message.changed.length === 0 && message.removed.length === 0) return rows as ProcessRow[];
  return applyDelta(rows, message);
}
