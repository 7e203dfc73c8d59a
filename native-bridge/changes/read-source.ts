import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ChangeSourceStatus } from '../contract/changes.js';

export type SourceRead<T> = { status: 'read'; value: T; why: string | null } | { status: Exclude<ChangeSourceStatus, 'read'>; why: string };

/** Why an error means the source is absent, not allowed, or broken: the user needs to know which. */
export function failure(error: unknown, what: string): { status: Exclude<ChangeSourceStatus, 'read'>; why: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent', why: `${what} does not exist on this machine` };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied', why: `not allowed to read ${what} (an administrator can)` };
  return { status: 'error', why: `could not read ${what}: ${(error as Error).message}` };
}

/** Reading never loads more than the newest part of a huge log. */
const MAX_BYTES = 16 * 1024 * 1024;

/** A log file's text (its newest MAX_BYTES when bigger: the window is recent, the start of a huge log is not). */
export function readLog(path: string): SourceRead<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return failure(error, path);
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_BYTES);
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buffer, got, length - got, size - length + got);
      if (n === 0) break;
      got += n;
    }
    const text = buffer.toString('utf8', 0, got);
    // A cut log starts mid-line: drop that partial line.
    return { status: 'read', value: size > length ? text.slice(text.indexOf('\n') + 1) : text, why: size > length ? `read the newest ${MAX_BYTES / 1024 / 1024} MiB only` : null };
  } catch (error) {
    return failure(error, path);
  } finally {
    closeSync(fd);
  }
}

/** The current log and, when present, the one rotated before it (older ones are compressed and left out). */
export function readLogWithRotated(path: string): SourceRead<string> {
  const current = readLog(path);
  if (current.status !== 'read') return current;
  const rotated = readLog(`${path}.1`);
  if (rotated.status === 'read') return { ...current, value: `${rotated.value}\n${current.value}` };
  // A rotated log that exists but cannot be read hides older changes of the window: say so.
  return rotated.status === 'absent' ? current : { ...current, why: `${path}.1 not read: ${rotated.why}` };
}
