import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { readPidStat } from '../procfs/pid-files.js';
import { listPids, whyOf } from '../procfs/read.js';
import { DescriptorIndex, type ProcEntry } from './descriptor-index.js';
import type { DeletedRef, FdRef } from './sweep.js';

/**
 * Default staleness bound (ms): every cached link is re-read at least this often while someone sweeps, so a
 * descriptor number reused for another file with no change in the count, or a file deleted while open (its
 * link gains " (deleted)" and nothing else changes), shows at the first sweep after at most this long.
 */
export const DEFAULT_REFRESH_MS = 10_000;
/**
 * Bound for a descriptor number reused for a link of another kind with the count unchanged (a /dev/null
 * reopened as a log file, later deleted): every link is re-read this often by sweeps that look at files.
 * Links of the kind a caller asks about keep the caller's (tighter) bound.
 */
export const ALL_LINKS_BOUND_MS = 60_000;
/** Links a sweep may re-read on top of its share to find who holds a new socket it cannot place. */
const DEFAULT_SEARCH_BUDGET = 4000;

export interface DescriptorCacheOptions {
  refreshMs?: number;
  searchBudget?: number;
}

export interface SweepOptions {
  /** This caller's staleness bound (ms); each bound keeps its own share, so a loose one never eats a tight one's. */
  boundMs?: number;
  /**
   * What the caller reads from the sweep, so what must be fresh within its bound. 'sockets': socket links
   * only (a link that turns into a socket makes an inode nobody holds, which starts a search of every link).
   * 'files': file links within the bound, every link within ALL_LINKS_BOUND_MS. 'both' (default): both.
   */
  purpose?: 'sockets' | 'files' | 'both';
  /** Links this sweep may read searching for owners of sockets it cannot place (default: the cache's). */
  searchBudget?: number;
}

export interface DescriptorSweep {
  /** Socket inode → every descriptor that holds it (live view of the cache: read it before the next sweep). */
  socketOwners: ReadonlyMap<number, readonly FdRef[]>;
  deleted(): DeletedRef[];
  /** Processes whose descriptors could not be read. */
  denied: number;
  descriptors: number;
  /** Wanted socket inodes not placed yet that are still being looked for. */
  pending: number;
  /** Links read by this sweep (readlink calls), for the bench. */
  linksRead: number;
  /** Of those, links read by the search for owners of sockets it could not place (at most one lap). */
  searchRead: number;
}

/** Sockets about to be looked up (the rows of the socket tables); inode 0 belongs to no process. */
type Wanted = ReadonlyArray<{ inode: number }>;

interface Entry extends ProcEntry {
  generation: number;
  recheck: boolean;
}

/** A walk around every cached process, re-reading links a few at a time, with its own cursor. */
type LinkKind = 'sockets' | 'files' | 'all';

interface Rotation {
  kind: LinkKind;
  last: number;
  /** Links owed (time passed × links ÷ bound) and not re-read yet. */
  credit: number;
  cursor: { entry: Entry; fds: number[]; at: number } | null;
  /** Links this rotation has re-read since it began. */
  read: number;
}

/**
 * Every descriptor of the machine, kept between sweeps so a sweep costs what changed, not what exists.
 * Reading 20,000 links costs ~60-90 ms of CPU (readdir + readlink each); a sweep instead:
 * 1. stats /proc/PID/fd of every process: its inode says whether the pid still belongs to the same process
 *    (a new process behind a reused pid gets a new /proc inode; its start time is read then), and since
 *    Linux 6.2 its size is the number of open descriptors;
 * 2. reads in full the processes it has not seen, and lists again (readdir, then readlink only the new
 *    numbers) those whose count changed;
 * 3. re-reads a rotating share of the cached links, in proportion to the time since this caller's last sweep,
 *    so every link is re-read within the caller's bound (a reused descriptor number, or a file deleted while
 *    open, shows within it), plus up to `searchBudget` more while a wanted socket has no known owner.
 * On an older kernel (fd directory size 0) step 2 lists every process each sweep: slower, just as exact.
 */
export function createDescriptorCache(procRoot: string, options: DescriptorCacheOptions = {}) {
  const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  const searchBudget = options.searchBudget ?? DEFAULT_SEARCH_BUDGET;
  const countsFromStat = fdCountInStat(procRoot);
  const entries = new Map<number, Entry>();
  let index = new DescriptorIndex();
  let lastSweep: number | null = null;
  let generation = 0;
  let linksRead = 0;
  let order: number[] = [];
  const rotations = new Map<string, Rotation>();
  // The search for owners of new sockets walks every link; an inode missing for a whole lap of it is given up on.
  let search = newRotation('all', 0);
  /**
   * Inodes with no known owner: the search's progress and the sweep when first missed, and whether a lap
   * has failed to find it. Given up stays given up while the inode is wanted (the count of links, which
   * measures a lap, grows and shrinks with the churn; a lap done must not become undone).
   */
  const missingSince = new Map<number, { read: number; sweep: number; givenUp: boolean }>();

  function newRotation(kind: LinkKind, now: number): Rotation {
    return { kind, last: now, credit: 0, cursor: null, read: 0 };
  }

  function linksOf(e: Entry, kind: LinkKind): Iterable<number> {
    return kind === 'sockets' ? e.sockets : kind === 'files' ? e.files : e.fds.keys();
  }

  function linkCount(kind: LinkKind): number {
    return kind === 'sockets' ? index.socketLinks : kind === 'files' ? index.fileLinks : index.descriptors;
  }

  function readLink(dir: string, fd: number): string | null | 'denied' {
    linksRead++;
    try {
      return readlinkSync(dir + fd);
    } catch (error) {
      // A more privileged process lets its descriptors be listed but not read: that is "denied", not "closed".
      return whyOf(error) === 'denied' ? 'denied' : null;
    }
  }

  function readProcess(pid: number, ino: number): Entry | null {
    const startTime = readPidStat(procRoot, pid)?.startTime ?? null;
    if (startTime === null) return null;
    const e: Entry = { pid, ino, startTime, denied: false, fds: new Map(), deleted: new Set(), sockets: new Set(), files: new Set(), generation, recheck: false };
    entries.set(pid, e);
    relist(e);
    return e;
  }

  /** readdir, then readlink only the numbers not known; forget the ones gone. */
  function relist(e: Entry): void {
    const dir = `${procRoot}/${e.pid}/fd/`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      index.removeProcess(e);
      e.denied = whyOf(error) === 'denied';
      return;
    }
    e.denied = false;
    e.recheck = false;
    const present = new Set<number>();
    for (let i = 0; i < names.length; i++) {
      const fd = Number(names[i]);
      present.add(fd);
      if (e.fds.has(fd)) continue;
      const target = readLink(dir, fd);
      if (target === 'denied') {
        index.removeProcess(e);
        e.denied = true;
        return;
      }
      if (target !== null) index.set(e, fd, target);
    }
    if (present.size !== e.fds.size) for (const fd of e.fds.keys()) if (!present.has(fd)) index.remove(e, fd);
  }

  function drop(e: Entry): void {
    index.removeProcess(e);
    entries.delete(e.pid);
  }

  /** Moves the cursor to the next process after it in pid order (wrapping around); false when none has links. */
  function advance(r: Rotation): boolean {
    if (order.length === 0) return false;
    const after = r.cursor?.entry.pid ?? -1;
    let i = order.findIndex((pid) => pid > after);
    if (i === -1) i = 0;
    for (let tried = 0; tried < order.length; tried++, i = (i + 1) % order.length) {
      const e = entries.get(order[i]!);
      if (!e) continue;
      if (e.denied && r.kind === 'all') {
        relist(e); // privileges rarely change, but a lap is when we would notice
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
  function rotate(r: Rotation, limit: number, stopWhen?: () => boolean): number {
    let done = 0;
    while (done < limit) {
      if (stopWhen && (done & 255) === 0 && stopWhen()) break;
      const c = r.cursor;
      if (!c || c.at >= c.fds.length || entries.get(c.entry.pid) !== c.entry) {
        if (!advance(r)) break;
        continue;
      }
      const e = c.entry;
      const fd = c.fds[c.at++]!;
      const target = readLink(`${procRoot}/${e.pid}/fd/`, fd);
      if (target === 'denied') {
        index.removeProcess(e);
        e.denied = true;
      } else if (target === null) {
        // Closed: another number may have opened with the count unchanged, so list this process again.
        if (e.fds.has(fd)) e.recheck = true;
        index.remove(e, fd);
      } else {
        index.set(e, fd, target);
      }
      done++;
      r.read++;
    }
    return done;
  }

  /** This caller's share of a lap for the time since it last swept; never more than one lap (after a pause). */
  function rotateShare(kind: LinkKind, boundMs: number, now: number): void {
    const key = `${kind}${boundMs}`;
    const r = rotations.get(key);
    if (!r) {
      // The first sweep with this bound: cold, every link is fresh; warm, the bound holds from now on.
      rotations.set(key, newRotation(kind, now));
      return;
    }
    const links = linkCount(kind);
    r.credit = Math.min(links, r.credit + (links * Math.max(0, now - r.last)) / boundMs);
    r.last = now;
    r.credit -= rotate(r, Math.floor(r.credit));
  }

  /** `wanted`: socket inodes the caller is about to look up (one with no known owner starts a search). */
  function sweep(now: number, wanted?: Wanted, sweepOptions: SweepOptions = {}): DescriptorSweep {
    const readBefore = linksRead;
    const cold = lastSweep === null;
    generation++;
    const pids = listPids(procRoot);
    for (const pid of pids) {
      let st;
      try {
        st = statSync(`${procRoot}/${pid}/fd`, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (!st) continue; // exited
      let e = entries.get(pid);
      if (e && e.ino !== st.ino) {
        drop(e);
        e = undefined;
      }
      if (!e) {
        e = readProcess(pid, st.ino) ?? undefined;
        if (!e) continue;
      } else if (!e.denied && (!countsFromStat || st.size !== e.fds.size)) {
        relist(e);
      }
      e.generation = generation;
    }
    for (const e of entries.values()) if (e.generation !== generation) drop(e);
    order = pids.sort((a, b) => a - b);

    const boundMs = sweepOptions.boundMs ?? refreshMs;
    const purpose = sweepOptions.purpose ?? 'both';
    if (purpose !== 'files') rotateShare('sockets', boundMs, now);
    if (purpose !== 'sockets') {
      rotateShare('files', boundMs, now);
      rotateShare('all', Math.max(boundMs, ALL_LINKS_BOUND_MS), now);
    }
    lastSweep = now;

    // After a cold sweep every link is fresh: what it could not place, no search would.
    if (cold && wanted) {
      for (const { inode } of wanted) if (!index.sockets.has(inode)) missingSince.set(inode, { read: Number.NEGATIVE_INFINITY, sweep: generation, givenUp: true });
    }
    // Search only for sockets already missing at an earlier sweep: one that a process opens and closes
    // between two ticks would otherwise cost a whole search and be gone before it ends.
    // Bounded by what it reads as well as by the budget: every inode it looks for was first missed before
    // this call, so one lap from here (the links the index holds) finishes the lap of each of them, and one
    // not found by then is given up on (it stays so while it is wanted; only inodes new to the table start
    // another search). Its owner exited, or is a process or namespace we cannot see.
    let searchRead = 0;
    if (wanted && countMissing(wanted, true) > 0) {
      const budget = Math.min(sweepOptions.searchBudget ?? searchBudget, index.descriptors);
      searchRead = rotate(search, budget, () => countMissing(wanted, true) === 0);
    }
    for (const e of entries.values()) if (e.recheck) relist(e);
    const missing = wanted ? countMissing(wanted) : 0;
    return {
      socketOwners: index.sockets,
      deleted: () => index.deletedRefs(entries.values()),
      denied: deniedProcesses(),
      descriptors: index.descriptors,
      pending: missing,
      linksRead: linksRead - readBefore,
      searchRead,
    };
  }

  /**
   * Wanted inodes with no known owner that a full lap of the search has not yet failed to find (`searchable`:
   * only those first missed at an earlier sweep). Records the ones seen missing for the first time.
   */
  function countMissing(wanted: Wanted, searchable = false): number {
    let missing = 0;
    for (let i = 0; i < wanted.length; i++) {
      const inode = wanted[i]!.inode;
      if (inode === 0 || index.sockets.has(inode)) continue;
      let since = missingSince.get(inode);
      if (since === undefined) {
        since = { read: search.read, sweep: generation, givenUp: false };
        missingSince.set(inode, since);
      }
      if (!since.givenUp && search.read - since.read >= index.descriptors) since.givenUp = true;
      if (!since.givenUp && (!searchable || since.sweep < generation)) missing++;
    }
    if (missingSince.size > wanted.length + 1024) {
      const live = new Set<number>();
      for (const w of wanted) live.add(w.inode);
      for (const inode of missingSince.keys()) if (!live.has(inode) || index.sockets.has(inode)) missingSince.delete(inode);
    }
    return missing;
  }

  /** Whether some wanted socket has no known owner and was not missing before: a sweep may place it. */
  function hasNewMissing(wanted: Wanted): boolean {
    for (let i = 0; i < wanted.length; i++) {
      const inode = wanted[i]!.inode;
      if (inode !== 0 && !index.sockets.has(inode) && !missingSince.has(inode)) return true;
    }
    return false;
  }

  function deniedProcesses(): number {
    let denied = 0;
    for (const e of entries.values()) if (e.denied) denied++;
    return denied;
  }

  return {
    sweep,
    /** How many of `wanted` have no known owner and are still looked for, without sweeping. */
    missing: (wanted: Wanted): number => countMissing(wanted),
    hasNewMissing,
    /** The socket owners as of the last sweep (live: read it before the next one). */
    socketOwners: (): ReadonlyMap<number, readonly FdRef[]> => index.sockets,
    /** Start time of the process the cache holds under `pid`, to tell a reused pid between sweeps. */
    startTimeOf: (pid: number): number | undefined => entries.get(pid)?.startTime,
    deniedProcesses,
    /** The link the cache holds for one descriptor (tests and diagnostics). */
    linkOf: (pid: number, fd: number): string | undefined => entries.get(pid)?.fds.get(fd),
    /** When the last sweep ran (the clock the caller passes), null before the first. */
    lastSweepAt: (): number | null => lastSweep,
    clear(): void {
      entries.clear();
      index = new DescriptorIndex();
      lastSweep = null;
      rotations.clear();
      search = newRotation('all', 0);
      order = [];
      missingSince.clear();
    },
  };
}
export type DescriptorCache = ReturnType<typeof createDescriptorCache>;

/** Since Linux 6.2 the size of /proc/PID/fd is the number of open descriptors; before, it is 0. */
function fdCountInStat(procRoot: string): boolean {
  try {
    return statSync(`${procRoot}/self/fd`).size > 0;
  } catch {
    return false;
  }
}
