import { closeSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';

/**
 * Why a /proc read failed: the process is gone (ENOENT, ESRCH), the file is not ours to read (EACCES, EPERM),
 * or something else. A failure is its own tagged value, never a string that could pass for the file's text:
 * a process that exits mid-read must not get the command line "gone".
 */
export type ProcWhy = 'gone' | 'denied' | 'error';
export interface ProcFailure {
  ok: false;
  why: ProcWhy;
  /** The errno code ('ENOENT', 'EACCES' …) when the system gave one. */
  errno: string | undefined;
}
export type ProcText = { ok: true; text: string } | ProcFailure;
export type ProcBytes = { ok: true; bytes: Buffer } | ProcFailure;
/** Reads one /proc file by path; injectable so a test can make a process vanish at exactly that read. */
export type ProcReader = (path: string) => ProcText;

export function whyOf(error: unknown): ProcWhy {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ESRCH') return 'gone';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  return 'error';
}

export function failureOf(error: unknown): ProcFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return { ok: false, why: whyOf(error), errno: typeof code === 'string' ? code : undefined };
}

/** The text, or null for any failure: for callers to whom every failure means "nothing to show". */
export const textOrNull = (read: ProcText): string | null => (read.ok ? read.text : null);

let scratch = Buffer.allocUnsafe(64 * 1024);

/** Whole file into the shared scratch buffer (open, read until EOF, close); the byte count. Throws the errno. */
function readIntoScratch(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      // /proc files report size 0: read until EOF rather than trusting stat.
      const n = readSync(fd, scratch, length, scratch.length - length, null);
      if (n === 0) return length;
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole /proc file by path. */
export function readProcText(path: string, encoding: BufferEncoding = 'utf8'): ProcText {
  try {
    const n = readIntoScratch(path);
    return { ok: true, text: scratch.toString(encoding, 0, n) };
  } catch (error) {
    return failureOf(error);
  }
}

/** Reads a whole /proc file by path as bytes (a copy the caller owns). */
export function readProcBytes(path: string): ProcBytes {
  try {
    const n = readIntoScratch(path);
    return { ok: true, bytes: Buffer.from(scratch.subarray(0, n)) };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Reads a whole /proc file into the shared buffer without copying: `bytes` is valid only until the next
 * read through this module. For large tables parsed at once each tick (the socket tables: megabytes on a
 * busy server), where a copy or a string per tick is the cost.
 */
export function borrowProcBytes(path: string): ProcBytes {
  try {
    const n = readIntoScratch(path);
    return { ok: true, bytes: scratch.subarray(0, n) };
  } catch (error) {
    return failureOf(error);
  }
}

/** A /proc symlink's target (exe, cwd, fd/N, ns/net). */
export function readProcLink(path: string): ProcText {
  try {
    return { ok: true, text: readlinkSync(path) };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * The pids listed in procRoot now: its numeric entries, one per process (threads hide under /proc/PID/task).
 * Throws when procRoot cannot be listed: "could not read" is not "no processes".
 */
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

/** For code that catches a thrown errno itself (kept-open files): the vanished-process errors. */
export const isGone = (error: unknown): boolean => whyOf(error) === 'gone';
export const isDenied = (error: unknown): boolean => whyOf(error) === 'denied';
