import { TriageError } from '../contract/errors.js';
import type { ProcessRow } from '../contract/processes.js';

/** How many processes per ranking by default, and at most: every one is a series a fleet's Prometheus stores. */
export const DEFAULT_TOP = 10;
export const MAX_TOP = 50;

/** The kernel's comm is at most 15 bytes; the systeminformation fallback may give longer names, so cap them too. */
export const MAX_NAME_LENGTH = 32;

/** The only labels a process series carries: never the command line (it can hold passwords and tokens). */
export interface ProcessLabels {
  name: string;
  pid: string;
}

export interface TopProcess {
  labels: ProcessLabels;
  /** CPU in cores (1 = one core fully busy; may exceed 1 for a multithreaded process). */
  cpuCores: number;
  residentBytes: number;
}

/**
 * A process name as a label value: control characters (a name may hold any byte, newline included) become
 * "?", and it is cut to MAX_NAME_LENGTH characters, so a label can neither break a line nor grow unbounded.
 */
export function boundedName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  const chars = Array.from(clean);
  return chars.length > MAX_NAME_LENGTH ? chars.slice(0, MAX_NAME_LENGTH).join('') : clean;
}

/** The first `n` rows by `score`, highest first (ties: lower pid first), without sorting the whole table. */
function topBy(rows: readonly ProcessRow[], n: number, score: (row: ProcessRow) => number): ProcessRow[] {
  const top: ProcessRow[] = [];
  const before = (a: ProcessRow, b: ProcessRow) => score(a) > score(b) || (score(a) === score(b) && a.pid < b.pid);
  for (const row of rows) {
    if (top.length === n && !before(row, top[n - 1]!)) continue;
    let at = top.length === n ? n - 1 : top.length;
    while (at > 0 && before(row, top[at - 1]!)) at--;
    top.splice(at, 0, row);
    if (top.length > n) top.pop();
  }
  return top;
}

/**
 * The processes exported: the union of the top `n` by CPU and the top `n` by resident memory (so at most
 * 2n), each with both figures, labelled by bounded name and pid only.
 */
export function topProcesses(rows: readonly ProcessRow[], n: number): TopProcess[] {
  const limit = Math.max(0, Math.min(MAX_TOP, Math.floor(n)));
  if (limit === 0) return [];
  const chosen = new Map<number, ProcessRow>();
  for (const row of topBy(rows, limit, (r) => r.cpu)) chosen.set(row.pid, row);
  for (const row of topBy(rows, limit, (r) => r.rss)) chosen.set(row.pid, row);
  return [...chosen.values()].map((row) => ({
    labels: { name: boundedName(row.name), pid: String(row.pid) },
    cpuCores: Math.round(row.cpu * 10_000) / 1_000_000,
    residentBytes: row.rss,
  }));
}

/** `--top N` → N, or the sentence saying what N may be. */
export function parseTop(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_TOP) {
    throw new TriageError('INVALID_INPUT', `The number of top processes must be a whole number from 1 to ${MAX_TOP}, not "${text}".`);
  }
  return n;
}
