import type { OwnerIndex } from './connections.js';
import type { ProcessFacts } from './process-facts.js';
import { sweepMachine, type FdRef } from './sweep.js';

export interface OwnerCacheOptions {
  /** A new socket with no known owner triggers a descriptor walk, at most this often (ms). */
  minWalkGapMs: number;
  /** A full walk this often anyway, to catch sockets handed to another process (fork, SCM_RIGHTS). */
  refreshMs: number;
}

interface CachedRef extends FdRef {
  startTime: number;
}

/**
 * Socket ownership for the live view at 1 Hz. Walking every descriptor costs ~2.5 µs each (20,000 fds ≈ 50 ms),
 * so the walk is repeated only when a socket appears whose owner is not known, rate-limited, plus a periodic
 * refresh; between walks a cached owner counts only while the same process (pid and start time) lives.
 */
export function createOwnerCache(procRoot: string, options: OwnerCacheOptions) {
  let owners = new Map<number, CachedRef[]>();
  let denied = 0;
  let lastWalk = Number.NEGATIVE_INFINITY;
  // Inodes a walk could not attribute: asking again next tick would find nothing new.
  let unattributed = new Set<number>();
  let walks = 0;

  function walk(inodes: ReadonlySet<number>, facts: (pid: number) => ProcessFacts | null, now: number): void {
    const sweep = sweepMachine(procRoot, { socketInodes: inodes });
    owners = new Map();
    for (const [inode, refs] of sweep.socketOwners) {
      const live: CachedRef[] = [];
      for (const r of refs) {
        const f = facts(r.pid);
        if (f) live.push({ ...r, startTime: f.startTime });
      }
      owners.set(inode, live);
    }
    denied = sweep.denied.length;
    unattributed = new Set([...inodes].filter((i) => !owners.has(i)));
    lastWalk = now;
    walks++;
  }

  return {
    resolve(inodes: ReadonlySet<number>, facts: (pid: number) => ProcessFacts | null, now: number): { index: OwnerIndex; pending: number } {
      let unknown = 0;
      for (const inode of inodes) if (!owners.has(inode) && !unattributed.has(inode)) unknown++;
      if ((unknown > 0 && now - lastWalk >= options.minWalkGapMs) || now - lastWalk >= options.refreshMs) {
        walk(inodes, facts, now);
        unknown = 0;
      }
      const socketOwners = new Map<number, FdRef[]>();
      for (const inode of inodes) {
        const refs = owners.get(inode);
        if (!refs) continue;
        const live = refs.filter((r) => facts(r.pid)?.startTime === r.startTime);
        if (live.length > 0) socketOwners.set(inode, live);
      }
      return { index: { socketOwners, anyDenied: denied > 0 }, pending: unknown };
    },
    deniedProcesses: (): number => denied,
    walks: (): number => walks,
    clear(): void {
      owners = new Map();
      unattributed = new Set();
      lastWalk = Number.NEGATIVE_INFINITY;
    },
  };
}
export type OwnerCache = ReturnType<typeof createOwnerCache>;
