import { socketInodeOf } from './parse-fd-target.js';
import type { DeletedRef, FdRef } from './sweep.js';

const DELETED = ' (deleted)';

/** A file that had a name on a disk and lost it; memfd files never had one (they are memory, not the disk puzzle). */
export function isDeletedFile(target: string): boolean {
  return target.endsWith(DELETED) && target.charCodeAt(0) === 47 && !target.startsWith('/memfd:');
}

/**
 * A link that names a file on a filesystem, which another process can delete or rename under it: a path that
 * is not a device (/dev/shm and /dev/mqueue hold files). Sockets, pipes and anonymous inodes never change name.
 */
export function isFileLink(target: string): boolean {
  if (target.charCodeAt(0) !== 47 || target.startsWith('/memfd:')) return false;
  return !target.startsWith('/dev/') || target.startsWith('/dev/shm/') || target.startsWith('/dev/mqueue/');
}

/** What the cache knows about one process: its descriptor links as last read. */
export interface ProcEntry {
  pid: number;
  /** Inode of /proc/PID/fd: a new process behind a reused pid gets a new one (see descriptor-cache.ts). */
  ino: number;
  startTime: number;
  /** Its descriptors could not be read (another user's, without privilege). */
  denied: boolean;
  fds: Map<number, string>;
  /** Descriptors whose link names a deleted file. */
  deleted: Set<number>;
  /** Descriptors that are sockets. */
  sockets: Set<number>;
  /** Descriptors that name files (isFileLink). */
  files: Set<number>;
}

/**
 * The two questions the views ask of every descriptor (which process holds socket inode N; which descriptors
 * hold deleted files), kept up to date as links are learnt and forgotten, so a sweep that re-reads a few
 * links does not have to look at the 20,000 it did not re-read.
 */
export class DescriptorIndex {
  readonly sockets = new Map<number, FdRef[]>();
  descriptors = 0;
  socketLinks = 0;
  fileLinks = 0;

  /** Records fd's link; returns whether it differs from what was known. */
  set(e: ProcEntry, fd: number, target: string): boolean {
    const old = e.fds.get(fd);
    if (old === target) return false;
    if (old === undefined) this.descriptors++;
    else this.unindex(e, fd, old);
    e.fds.set(fd, target);
    const inode = socketInodeOf(target);
    if (inode >= 0) {
      e.sockets.add(fd);
      this.socketLinks++;
      const refs = this.sockets.get(inode);
      if (refs) refs.push({ pid: e.pid, fd });
      else this.sockets.set(inode, [{ pid: e.pid, fd }]);
    } else if (isFileLink(target)) {
      e.files.add(fd);
      this.fileLinks++;
      if (isDeletedFile(target)) e.deleted.add(fd);
    }
    return true;
  }

  remove(e: ProcEntry, fd: number): void {
    const old = e.fds.get(fd);
    if (old === undefined) return;
    e.fds.delete(fd);
    this.descriptors--;
    this.unindex(e, fd, old);
  }

  removeProcess(e: ProcEntry): void {
    for (const [fd, target] of e.fds) this.unindex(e, fd, target);
    this.descriptors -= e.fds.size;
    e.fds.clear();
  }

  deletedRefs(entries: Iterable<ProcEntry>): DeletedRef[] {
    const out: DeletedRef[] = [];
    for (const e of entries) {
      for (const fd of e.deleted) out.push({ pid: e.pid, fd, path: e.fds.get(fd)!.slice(0, -DELETED.length) });
    }
    return out;
  }

  private unindex(e: ProcEntry, fd: number, target: string): void {
    const inode = socketInodeOf(target);
    if (inode < 0) {
      if (e.files.delete(fd)) this.fileLinks--;
      e.deleted.delete(fd);
      return;
    }
    e.sockets.delete(fd);
    this.socketLinks--;
    const refs = this.sockets.get(inode);
    if (!refs) return;
    const i = refs.findIndex((r) => r.pid === e.pid && r.fd === fd);
    if (i >= 0) refs.splice(i, 1);
    if (refs.length === 0) this.sockets.delete(inode);
  }
}
