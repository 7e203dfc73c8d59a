import { linkCount, newRotation, rotate, type LinkKind, type Rotation } from './descriptor-rotation.js';
import { SocketSearch, type Wanted } from './descriptor-search.js';
import { FdTable } from './descriptor-table.js';
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
  const table = new FdTable(procRoot);
  const search = new SocketSearch(table);
  const rotations = new Map<string, Rotation>();
  let lastSweep: number | null = null;

  /** This caller's share of a lap for the time since it last swept; never more than one lap (after a pause). */
  function rotateShare(kind: LinkKind, boundMs: number, now: number): void {
    const key = `${kind}${boundMs}`;
    const r = rotations.get(key);
    if (!r) {
      // The first sweep with this bound: cold, every link is fresh; warm, the bound holds from now on.
      rotations.set(key, newRotation(kind, now));
      return;
    }
    const links = linkCount(table, kind);
    r.credit = Math.min(links, r.credit + (links * Math.max(0, now - r.last)) / boundMs);
    r.last = now;
    r.credit -= rotate(table, r, Math.floor(r.credit));
  }

  /** `wanted`: socket inodes the caller is about to look up (one with no known owner starts a search). */
  function sweep(now: number, wanted?: Wanted, sweepOptions: SweepOptions = {}): DescriptorSweep {
    const readBefore = table.linksRead;
    const cold = lastSweep === null;
    table.refresh();
    const boundMs = sweepOptions.boundMs ?? refreshMs;
    const purpose = sweepOptions.purpose ?? 'both';
    if (purpose !== 'files') rotateShare('sockets', boundMs, now);
    if (purpose !== 'sockets') {
      rotateShare('files', boundMs, now);
      rotateShare('all', Math.max(boundMs, ALL_LINKS_BOUND_MS), now);
    }
    lastSweep = now;
    if (cold && wanted) search.giveUpOnUnplaced(wanted);
    const searchRead = wanted ? search.run(wanted, sweepOptions.searchBudget ?? searchBudget) : 0;
    table.relistRechecks();
    return {
      socketOwners: table.index.sockets,
      deleted: () => table.index.deletedRefs(table.entries.values()),
      denied: table.deniedProcesses(),
      descriptors: table.index.descriptors,
      pending: wanted ? search.count(wanted) : 0,
      linksRead: table.linksRead - readBefore,
      searchRead,
    };
  }

  return {
    sweep,
    /** How many of `wanted` have no known owner and are still looked for, without sweeping. */
    missing: (wanted: Wanted): number => search.count(wanted),
    hasNewMissing: (wanted: Wanted): boolean => search.hasNewMissing(wanted),
    /** The socket owners as of the last sweep (live: read it before the next one). */
    socketOwners: (): ReadonlyMap<number, readonly FdRef[]> => table.index.sockets,
    /** Start time of the process the cache holds under `pid`, to tell a reused pid between sweeps. */
    startTimeOf: (pid: number): number | undefined => table.entries.get(pid)?.startTime,
    deniedProcesses: (): number => table.deniedProcesses(),
    /** The link the cache holds for one descriptor (tests and diagnostics). */
    linkOf: (pid: number, fd: number): string | undefined => table.entries.get(pid)?.fds.get(fd),
    /** When the last sweep ran (the clock the caller passes), null before the first. */
    lastSweepAt: (): number | null => lastSweep,
    clear(): void {
      table.clear();
      search.clear();
      rotations.clear();
      lastSweep = null;
    },
  };
}
export type DescriptorCache = ReturnType<typeof createDescriptorCache>;
