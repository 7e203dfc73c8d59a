import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { readPidStat } from '../procfs/pid-files.js';
import { listPids, whyOf } from '../procfs/read.js';
import { DescriptorIndex, type ProcEntry } from './descriptor-index.js';

export interface Entry extends ProcEntry {
  generation: number;
  recheck: boolean;
}

/** Since Linux 6.2 the size of /proc/PID/fd is the number of open descriptors; before, it is 0. */
function fdCountInStat(procRoot: string): boolean {
  try {
    return statSync(`${procRoot}/self/fd`).size > 0;
  } catch {
    return false;
  }
}

/** The cached processes and their links (steps 1 and 2 of a sweep, see descriptor-cache.ts), and the index over them. */
export class FdTable {
  readonly entries = new Map<number, Entry>();
  index = new DescriptorIndex();
  /** Cached pids in order, as of the last refresh: the order rotations walk in. */
  order: number[] = [];
  generation = 0;
  /** readlink calls made since the table was made (a sweep reports the difference). */
  linksRead = 0;
  private readonly countsFromStat: boolean;

  constructor(private readonly procRoot: string) {
    this.countsFromStat = fdCountInStat(procRoot);
  }

  dirOf(pid: number): string {
    return `${this.procRoot}/${pid}/fd/`;
  }

  readLink(dir: string, fd: number): string | null | 'denied' {
    this.linksRead++;
    try {
      return readlinkSync(dir + fd);
    } catch (error) {
      // A more privileged process lets its descriptors be listed but not read: that is "denied", not "closed".
      return whyOf(error) === 'denied' ? 'denied' : null;
    }
  }

  /** Stats every /proc/PID/fd: reads new processes in full, lists again those whose count changed, drops the gone. */
  refresh(): void {
    this.generation++;
    const pids = listPids(this.procRoot);
    for (const pid of pids) {
      let st;
      try {
        st = statSync(`${this.procRoot}/${pid}/fd`, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (!st) continue; // exited
      let e = this.entries.get(pid);
      if (e && e.ino !== st.ino) {
        this.drop(e);
        e = undefined;
      }
      if (!e) {
        e = this.readProcess(pid, st.ino) ?? undefined;
        if (!e) continue;
      } else if (!e.denied && (!this.countsFromStat || st.size !== e.fds.size)) {
        this.relist(e);
      }
      e.generation = this.generation;
    }
    for (const e of this.entries.values()) if (e.generation !== this.generation) this.drop(e);
    this.order = pids.sort((a, b) => a - b);
  }

  private readProcess(pid: number, ino: number): Entry | null {
    const startTime = readPidStat(this.procRoot, pid)?.startTime ?? null;
    if (startTime === null) return null;
    const generation = this.generation;
    const e: Entry = { pid, ino, startTime, denied: false, fds: new Map(), deleted: new Set(), sockets: new Set(), files: new Set(), generation, recheck: false };
    this.entries.set(pid, e);
    this.relist(e);
    return e;
  }

  /** readdir, then readlink only the numbers not known; forget the ones gone. */
  relist(e: Entry): void {
    const dir = this.dirOf(e.pid);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      this.index.removeProcess(e);
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
      const target = this.readLink(dir, fd);
      if (target === 'denied') {
        this.index.removeProcess(e);
        e.denied = true;
        return;
      }
      if (target !== null) this.index.set(e, fd, target);
    }
    if (present.size !== e.fds.size) for (const fd of e.fds.keys()) if (!present.has(fd)) this.index.remove(e, fd);
  }

  /** Reads one cached link again. */
  reread(e: Entry, fd: number): void {
    const target = this.readLink(this.dirOf(e.pid), fd);
    if (target === 'denied') {
      this.index.removeProcess(e);
      e.denied = true;
    } else if (target === null) {
      // Closed: another number may have opened with the count unchanged, so list this process again.
      if (e.fds.has(fd)) e.recheck = true;
      this.index.remove(e, fd);
    } else {
      this.index.set(e, fd, target);
    }
  }

  relistRechecks(): void {
    for (const e of this.entries.values()) if (e.recheck) this.relist(e);
  }

  private drop(e: Entry): void {
    this.index.removeProcess(e);
    this.entries.delete(e.pid);
  }

  deniedProcesses(): number {
    let denied = 0;
    for (const e of this.entries.values()) if (e.denied) denied++;
    return denied;
  }

  clear(): void {
    this.entries.clear();
    this.index = new DescriptorIndex();
    this.order = [];
  }
}
