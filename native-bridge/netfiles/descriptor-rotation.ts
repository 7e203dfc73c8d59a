import type { Entry, FdTable } from './descriptor-table.js';

export type LinkKind = 'sockets' | 'files' | 'all';

/** A walk around every cached process, re-reading links a few at a time, with its own cursor. */
export interface Rotation {
  kind: LinkKind;
  last: number;
  /** Links owed (time passed × links ÷ bound) and not re-read yet. */
  credit: number;
  cursor: { entry: Entry; fds: number[]; at: number } | null;
  /** Links this rotation has re-read since it began. */
  read: number;
}

export function newRotation(kind: LinkKind, now: number): Rotation {
  return { kind, last: now, credit: 0, cursor: null, read: 0 };
}

function linksOf(e: Entry, kind: LinkKind): Iterable<number> {
  return kind === 'sockets' ? e.sockets : kind === 'files' ? e.files : e.fds.keys();
}

export function linkCount(table: FdTable, kind: LinkKind): number {
  return kind === 'sockets' ? table.index.socketLinks : kind === 'files' ? table.index.fileLinks : table.index.descriptors;
}

/** Moves the cursor to the next process after it in pid order (wrapping around); false when none has links. */
function advance(table: FdTable, r: Rotation): boolean {
  const order = table.order;
  if (order.length === 0) return false;
  const after = r.cursor?.entry.pid ?? -1;
  let i = order.findIndex((pid) => pid > after);
  if (i === -1) i = 0;
  for (let tried = 0; tried < order.length; tried++, i = (i + 1) % order.length) {
    const e = table.entries.get(order[i]!);
    if (!e) continue;
    if (e.denied && r.kind === 'all') {
      table.relist(e); // privileges rarely change, but a lap is when we would notice
      if (e.denied) continue;
    }
    r.cursor = { entry: e, fds: [...linksOf(e, r.kind)], at: 0 };
    if (r.cursor.fds.length > 0) return true;
  }
  return false;
}

/**
 * Re-reads up to `limit` links from the cursor on; stops early once `stopWhen` says so (asked every 256 links).
 * `r.read` grows with each link, not after the loop: `stopWhen` of the search judges laps by it, and a lap
 * counted only at the end was never seen finishing inside a call (an unbounded search never stopped).
 */
export function rotate(table: FdTable, r: Rotation, limit: number, stopWhen?: () => boolean): number {
  let done = 0;
  while (done < limit) {
    if (stopWhen && (done & 255) === 0 && stopWhen()) break;
    const c = r.cursor;
    if (!c || c.at >= c.fds.length || table.entries.get(c.entry.pid) !== c.entry) {
      if (!advance(table, r)) break;
      continue;
    }
    table.reread(c.entry, c.fds[c.at++]!);
    done++;
    r.read++;
  }
  return done;
}
