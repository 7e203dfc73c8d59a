import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { parseMeminfo, type MemInfo } from './parse-meminfo.js';
import { parseStat, type StatIdentity } from './parse-stat.js';

export const DEFAULT_PROC_ROOT = '/proc';

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** True for the errors a vanished process gives (the pid is gone, or its task is being torn down). */
export function isGone(error: unknown): boolean {
  const code = errnoOf(error);
  return code === 'ENOENT' || code === 'ESRCH';
}

export function isDenied(error: unknown): boolean {
  const code = errnoOf(error);
  return code === 'EACCES' || code === 'EPERM';
}

/**
 * A /proc file held open and re-read with pread at offset 0: the kernel regenerates the text on each
 * read, and an fd of a process that exited fails with ESRCH even if its pid number is reused, so the
 * open fd doubles as an identity check.
 */
export class ProcFile {
  private fd: number;
  private buf: Buffer;

  constructor(path: string, initialSize = 4096) {
    this.fd = openSync(path, 'r');
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Reads the whole file into the internal buffer; returns the byte count (0 for an empty file). */
  readBytes(): number {
    for (;;) {
      // One pread from offset 0 makes the kernel regenerate the text and fill as much as fits.
      const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
      if (n < this.buf.length) return n;
      this.buf = Buffer.allocUnsafe(this.buf.length * 2);
    }
  }

  readText(): string {
    const n = this.readBytes();
    return this.buf.toString('latin1', 0, n);
  }

  get buffer(): Buffer {
    return this.buf;
  }

  close(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed: nothing to give back.
      }
      this.fd = -1;
    }
  }
}

export function procPath(procRoot: string, pid: number, file: string): string {
  return `${procRoot}/${pid}/${file}`;
}

export function readStatIdentity(procRoot: string, pid: number): StatIdentity | null {
  try {
    return parseStat(readFileSync(procPath(procRoot, pid, 'stat'), 'latin1'));
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** argv[0]'s base name, or '' for kernel threads and processes that hide their command line. */
export function readExeName(procRoot: string, pid: number): string {
  try {
    const cmdline = readFileSync(procPath(procRoot, pid, 'cmdline'), 'latin1');
    const argv0 = cmdline.split('\0', 1)[0] ?? '';
    return argv0.slice(argv0.lastIndexOf('/') + 1);
  } catch {
    return '';
  }
}

export function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const c = name.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) {
      const pid = Number(name);
      if (Number.isInteger(pid)) pids.push(pid);
    }
  }
  return pids;
}

export function readMemInfo(procRoot: string): MemInfo | null {
  try {
    return parseMeminfo(readFileSync(`${procRoot}/meminfo`, 'latin1'));
  } catch {
    return null;
  }
}

/**
 * How many /proc files the all-process sampler may hold open: a quarter of this process's soft limit
 * (Electron or a desktop session may run with 1024), never more than 4096.
 */
export function openFileBudget(procRoot = DEFAULT_PROC_ROOT): number {
  try {
    const limits = readFileSync(`${procRoot}/self/limits`, 'latin1');
    const m = limits.match(/^Max open files\s+(\d+|unlimited)/m);
    const soft = !m || m[1] === 'unlimited' ? 65536 : Number(m[1]);
    return Math.max(0, Math.min(4096, Math.floor(soft / 4)));
  } catch {
    return 256;
  }
}

let cachedPageSize: number | null = null;

/** The kernel page size (statm counts pages); read from our own smaps once, 4096 if unreadable. */
export function pageSize(procRoot = DEFAULT_PROC_ROOT): number {
  if (cachedPageSize !== null && procRoot === DEFAULT_PROC_ROOT) return cachedPageSize;
  let size = 4096;
  try {
    const file = new ProcFile(`${procRoot}/self/smaps`, 8192);
    const n = file.readBytes();
    const head = file.buffer.toString('latin1', 0, Math.min(n, 8192));
    file.close();
    const m = head.match(/KernelPageSize:\s+(\d+) kB/);
    if (m) size = Number(m[1]) * 1024;
  } catch {
    // Keep the common default.
  }
  if (procRoot === DEFAULT_PROC_ROOT) cachedPageSize = size;
  return size;
}
