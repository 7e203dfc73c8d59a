import { matchesFilter } from '../common/processes-filter.js';
import type { ProcessRow, SortKey } from '../contract/processes.js';

const ioOf = (r: ProcessRow): number => (r.ioReadPerSec ?? 0) + (r.ioWritePerSec ?? 0);

/** Largest first for amounts, smallest first for pid, name and user, newest first for start. */
const compare: Record<SortKey, (a: ProcessRow, b: ProcessRow) => number> = {
  cpu: (a, b) => b.cpu - a.cpu || b.cpuTime - a.cpuTime || a.pid - b.pid,
  mem: (a, b) => b.rss - a.rss || a.pid - b.pid,
  io: (a, b) => ioOf(b) - ioOf(a) || b.cpu - a.cpu || a.pid - b.pid,
  pid: (a, b) => a.pid - b.pid,
  name: (a, b) => a.name.localeCompare(b.name) || a.pid - b.pid,
  user: (a, b) => a.user.localeCompare(b.user) || a.pid - b.pid,
  start: (a, b) => b.startTime - a.startTime || b.pid - a.pid,
  time: (a, b) => b.cpuTime - a.cpuTime || a.pid - b.pid,
};

/** Whether text names a sort key (checked without loading the contract's schemas). */
export function isSortKey(text: string): text is SortKey {
  return Object.hasOwn(compare, text);
}

export interface QueryOptions {
  sort?: SortKey;
  limit?: number;
  filter?: string;
}

export function queryRows(rows: readonly ProcessRow[], options: QueryOptions = {}): ProcessRow[] {
  const filtered = options.filter ? rows.filter((r) => matchesFilter(r, options.filter!)) : [...rows];
  filtered.sort(compare[options.sort ?? 'cpu']);
  return options.limit !== undefined ? filtered.slice(0, options.limit) : filtered;
}
