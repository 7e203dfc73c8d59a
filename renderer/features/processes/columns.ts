import type { ProcessRow } from '../../../native-bridge/contract/index.js';
import { formatByteRate, formatBytes, formatCount, formatDuration } from '../../app/format.js';

export type CpuMode = 'core' | 'machine';

export interface ColumnContext {
  cpuMode: CpuMode;
  ncpu: number;
  /** Time of the table sample, ms since the epoch (elapsed times are measured to it). */
  now: number;
}

export type ColumnId =
  | 'pid' | 'ppid' | 'user' | 'name' | 'state' | 'cpu' | 'rss' | 'shared' | 'vsize' | 'swap'
  | 'threads' | 'nice' | 'ioRead' | 'ioWrite' | 'start' | 'cpuTime' | 'cmdline';

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** Tooltip on the header: what the number means. */
  description: string;
  width: number;
  numeric: boolean;
  defaultVisible: boolean;
  /** The first click on the header sorts descending (amounts: largest first). */
  descFirst: boolean;
  /** What sorting compares; null sorts last. */
  value(row: ProcessRow, ctx: ColumnContext): number | string | null;
  format(row: ProcessRow, ctx: ColumnContext): string;
}

/**
 * Percent of one core (top's default, can exceed 100 for threaded programs) or of the whole machine
 * (the system monitor's default, at most 100). Derived from the per-core figure so both agree exactly.
 */
export function cpuPercent(row: Pick<ProcessRow, 'cpu'>, mode: CpuMode, ncpu: number): number {
  return mode === 'core' ? row.cpu : row.cpu / Math.max(1, ncpu);
}

export const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk wait',
  T: 'stopped',
  t: 'traced',
  Z: 'zombie',
  I: 'idle',
  X: 'dead',
  P: 'parked',
  W: 'paging',
};

const elapsedSeconds = (row: ProcessRow, ctx: ColumnContext): number => Math.max(0, (ctx.now - row.startedAt) / 1000);

const pct = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'pid', label: 'PID', description: 'Process id', width: 72, numeric: true, defaultVisible: true, descFirst: false, value: (r) => r.pid, format: (r) => String(r.pid) },
  { id: 'ppid', label: 'Parent', description: 'Parent process id', width: 72, numeric: true, defaultVisible: false, descFirst: false, value: (r) => r.ppid, format: (r) => String(r.ppid) },
  { id: 'user', label: 'User', description: 'Owner (real user)', width: 96, numeric: false, defaultVisible: true, descFirst: false, value: (r) => r.user, format: (r) => r.user },
  { id: 'name', label: 'Name', description: 'Short name the kernel knows the process by', width: 150, numeric: false, defaultVisible: true, descFirst: false, value: (r) => r.name, format: (r) => r.name },
  { id: 'state', label: 'State', description: 'R running, S sleeping, D disk wait, T stopped, Z zombie, I idle', width: 96, numeric: false, defaultVisible: true, descFirst: false, value: (r) => r.state, format: (r) => `${r.state} ${STATE_NAMES[r.state] ?? ''}`.trim() },
  { id: 'cpu', label: 'CPU %', description: 'CPU use over the last refresh', width: 72, numeric: true, defaultVisible: true, descFirst: true, value: (r, c) => cpuPercent(r, c.cpuMode, c.ncpu), format: (r, c) => pct(cpuPercent(r, c.cpuMode, c.ncpu)) },
  { id: 'rss', label: 'RES', description: 'Resident memory: RAM in use', width: 82, numeric: true, defaultVisible: true, descFirst: true, value: (r) => r.rss, format: (r) => formatBytes(r.rss) },
  { id: 'shared', label: 'SHR', description: 'Shared resident memory (files and libraries)', width: 82, numeric: true, defaultVisible: false, descFirst: true, value: (r) => r.shared, format: (r) => formatBytes(r.shared) },
  { id: 'vsize', label: 'VIRT', description: 'Virtual memory reserved (not all of it is used)', width: 82, numeric: true, defaultVisible: false, descFirst: true, value: (r) => r.vsize, format: (r) => formatBytes(r.vsize) },
  { id: 'swap', label: 'Swap', description: 'Memory swapped out to disk', width: 78, numeric: true, defaultVisible: false, descFirst: true, value: (r) => r.swap, format: (r) => formatBytes(r.swap) },
  { id: 'threads', label: 'Threads', description: 'Number of threads', width: 70, numeric: true, defaultVisible: true, descFirst: true, value: (r) => r.threads, format: (r) => formatCount(r.threads) },
  { id: 'nice', label: 'Nice', description: 'Scheduling niceness: -20 highest priority, 19 lowest', width: 52, numeric: true, defaultVisible: true, descFirst: false, value: (r) => r.nice, format: (r) => String(r.nice) },
  { id: 'ioRead', label: 'Read/s', description: 'Storage read rate (— where the process belongs to another user)', width: 88, numeric: true, defaultVisible: true, descFirst: true, value: (r) => r.ioReadPerSec, format: (r) => formatByteRate(r.ioReadPerSec) },
  { id: 'ioWrite', label: 'Write/s', description: 'Storage write rate (— where the process belongs to another user)', width: 88, numeric: true, defaultVisible: true, descFirst: true, value: (r) => r.ioWritePerSec, format: (r) => formatByteRate(r.ioWritePerSec) },
  { id: 'start', label: 'Running for', description: 'Time since the process started (hover for the start time)', width: 104, numeric: true, defaultVisible: true, descFirst: false, value: (r, c) => elapsedSeconds(r, c), format: (r, c) => formatDuration(elapsedSeconds(r, c)) },
  { id: 'cpuTime', label: 'CPU time', description: 'Total CPU time used since start', width: 84, numeric: true, defaultVisible: false, descFirst: true, value: (r) => r.cpuTime, format: (r) => formatDuration(r.cpuTime) },
  { id: 'cmdline', label: 'Command line', description: 'Program and arguments', width: 360, numeric: false, defaultVisible: true, descFirst: false, value: (r) => r.cmdline || `[${r.name}]`, format: (r) => r.cmdline || `[${r.name}]` },
];

export const COLUMN_BY_ID: ReadonlyMap<ColumnId, ColumnDef> = new Map(COLUMNS.map((c) => [c.id, c]));

export const DEFAULT_COLUMNS: readonly ColumnId[] = COLUMNS.filter((c) => c.defaultVisible).map((c) => c.id);
