import { closeSync, openSync, readSync } from 'node:fs';
import { whyOf, type ProcFailure, type ProcReader, type ProcText } from '../../procfs/read.js';

/** A kept descriptor whose pread failed: its process exited. */
const GONE: ProcFailure = { ok: false, why: 'gone', errno: 'ESRCH' };

/** The descriptors one process keeps open between ticks (null: not open, or read by path). */
export interface KeptFds {
  statFd: number | null;
  schedFd: number | null;
  statmFd: number | null;
  ioFd: number | null;
}

/**
 * The sampler's descriptors under one budget, and the one buffer every read lands in: a /proc file
 * is pread at offset 0 through a descriptor kept open (no open/close per tick), by path once the
 * budget is spent. One buffer, reused: the parsers read from it before the next read.
 */
export class KeptFiles {
  readonly buf = Buffer.allocUnsafe(4096);
  /** Descriptors currently open. */
  count = 0;
  /** The descriptor the last readStat used (kept, or null after a read by path). */
  statFd: number | null = null;
  /** Whether that descriptor was opened by the last readStat (not the entry's kept one). */
  statReopened = false;

  constructor(
    private readonly procRoot: string,
    private readonly maxOpen: number,
    private readonly read: ProcReader,
  ) {}

  /** A descriptor to keep, when the budget allows; null otherwise (or when the file cannot be opened). */
  open(path: string, reserve = 0): number | null {
    if (this.count + reserve >= this.maxOpen) return null;
    try {
      const fd = openSync(path, 'r');
      this.count++;
      return fd;
    } catch {
      return null;
    }
  }

  close(fd: number | null): null {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      this.count--;
    }
    return null;
  }

  closeAll(entry: KeptFds): void {
    entry.statFd = this.close(entry.statFd);
    entry.schedFd = this.close(entry.schedFd);
    entry.statmFd = this.close(entry.statmFd);
    entry.ioFd = this.close(entry.ioFd);
  }

  /** pread at 0 into buf; -1 when the process behind the descriptor is gone. */
  pread(fd: number): number {
    try {
      return readSync(fd, this.buf, 0, this.buf.length, 0);
    } catch {
      return -1;
    }
  }

  /** Whole small file through a kept descriptor, else by path. */
  readWhole(fd: number | null, path: string): ProcText {
    if (fd !== null) {
      const n = this.pread(fd);
      return n > 0 ? { ok: true, text: this.buf.toString('utf8', 0, n) } : GONE;
    }
    return this.read(path);
  }

  /** A file by path (no descriptor kept). */
  readPath(path: string): ProcText {
    return this.read(path);
  }

  /** stat into buf through the cached descriptor, reopening once if it went stale; 0 when the process is gone. */
  readStat(pid: number, entry: KeptFds | undefined): number {
    if (entry && entry.statFd !== null) {
      const n = this.pread(entry.statFd);
      if (n > 0) {
        this.statFd = entry.statFd;
        this.statReopened = false;
        return n;
      }
      // ESRCH: that process died; the pid may belong to a new one now.
      this.closeAll(entry);
    }
    this.statReopened = true;
    const path = `${this.procRoot}/${pid}/stat`;
    if (this.count >= this.maxOpen) {
      // Out of descriptors to keep: read by path.
      this.statFd = null;
      const text = this.read(path);
      if (!text.ok || text.text.length === 0) return 0;
      return this.buf.write(text.text, 0, 'utf8');
    }
    // Under budget, a failed open means the process is gone: no second try by path.
    const fd = this.open(path);
    this.statFd = fd;
    if (fd === null) return 0;
    const n = this.pread(fd);
    if (n <= 0) {
      this.statFd = this.close(fd);
      return 0;
    }
    return n;
  }

  /** io kept open when the budget allows; 'denied' when this process may not read it. */
  openIo(dir: string): number | null | 'denied' {
    if (this.count + 64 >= this.maxOpen) {
      const io = this.read(`${dir}/io`);
      return !io.ok && io.why === 'denied' ? 'denied' : null;
    }
    try {
      const fd = openSync(`${dir}/io`, 'r');
      this.count++;
      return fd;
    } catch (error) {
      return whyOf(error) === 'denied' ? 'denied' : null;
    }
  }
}
