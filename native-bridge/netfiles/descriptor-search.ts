import { newRotation, rotate } from './descriptor-rotation.js';
import type { FdTable } from './descriptor-table.js';

/** Sockets about to be looked up (the rows of the socket tables); inode 0 belongs to no process. */
export type Wanted = ReadonlyArray<{ inode: number }>;

/**
 * The search for owners of sockets no cached link places: it walks every link; an inode missing for a whole
 * lap of it is given up on.
 */
export class SocketSearch {
  private rotation = newRotation('all', 0);
  /**
   * Inodes with no known owner: the search's progress and the sweep when first missed, and whether a lap
   * has failed to find it. Given up stays given up while the inode is wanted (the count of links, which
   * measures a lap, grows and shrinks with the churn; a lap done must not become undone).
   */
  private readonly missingSince = new Map<number, { read: number; sweep: number; givenUp: boolean }>();

  constructor(private readonly table: FdTable) {}

  /** After a cold sweep every link is fresh: what it could not place, no search would. */
  giveUpOnUnplaced(wanted: Wanted): void {
    const sockets = this.table.index.sockets;
    for (const { inode } of wanted) {
      if (!sockets.has(inode)) this.missingSince.set(inode, { read: Number.NEGATIVE_INFINITY, sweep: this.table.generation, givenUp: true });
    }
  }

  /**
   * Searches only for sockets already missing at an earlier sweep: one that a process opens and closes
   * between two ticks would otherwise cost a whole search and be gone before it ends.
   * Bounded by what it reads as well as by the budget: every inode it looks for was first missed before
   * this call, so one lap from here (the links the index holds) finishes the lap of each of them, and one
   * not found by then is given up on (it stays so while it is wanted; only inodes new to the table start
   * another search). Its owner exited, or is a process or namespace we cannot see. Returns the links read.
   */
  run(wanted: Wanted, budget: number): number {
    if (this.count(wanted, true) === 0) return 0;
    return rotate(this.table, this.rotation, Math.min(budget, this.table.index.descriptors), () => this.count(wanted, true) === 0);
  }

  /**
   * Wanted inodes with no known owner that a full lap of the search has not yet failed to find (`searchable`:
   * only those first missed at an earlier sweep). Records the ones seen missing for the first time.
   */
  count(wanted: Wanted, searchable = false): number {
    const { index, generation } = this.table;
    const read = this.rotation.read;
    let missing = 0;
    for (let i = 0; i < wanted.length; i++) {
      const inode = wanted[i]!.inode;
      if (inode === 0 || index.sockets.has(inode)) continue;
      let since = this.missingSince.get(inode);
      if (since === undefined) {
        since = { read, sweep: generation, givenUp: false };
        this.missingSince.set(inode, since);
      }
      if (!since.givenUp && read - since.read >= index.descriptors) since.givenUp = true;
      if (!since.givenUp && (!searchable || since.sweep < generation)) missing++;
    }
    if (this.missingSince.size > wanted.length + 1024) this.forgetUnwanted(wanted);
    return missing;
  }

  private forgetUnwanted(wanted: Wanted): void {
    const live = new Set<number>();
    for (const w of wanted) live.add(w.inode);
    for (const inode of this.missingSince.keys()) if (!live.has(inode) || this.table.index.sockets.has(inode)) this.missingSince.delete(inode);
  }

  /** Whether some wanted socket has no known owner and was not missing before: a sweep may place it. */
  hasNewMissing(wanted: Wanted): boolean {
    const sockets = this.table.index.sockets;
    for (let i = 0; i < wanted.length; i++) {
      const inode = wanted[i]!.inode;
      if (inode !== 0 && !sockets.has(inode) && !this.missingSince.has(inode)) return true;
    }
    return false;
  }

  clear(): void {
    this.rotation = newRotation('all', 0);
    this.missingSince.clear();
  }
}
