import { closeSync, openSync, readSync } from 'node:fs';

/** Why a /proc read failed: the process is gone, the file is not ours to read, or something else. */
export type ProcReadFailure = 'gone' | 'denied' | 'error';

let scratch = Buffer.allocUnsafe(64 * 1024);

export function failureOf(error: unknown): ProcReadFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ESRCH') return 'gone';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  return 'error';
}

/** Reads a whole /proc file (whose size stat reports as 0) with one open, reads until EOF, close. */
export function readProcFile(path: string): string | ProcReadFailure {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return failureOf(error);
  }
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, length, scratch.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return scratch.toString('utf8', 0, length);
  } catch (error) {
    return failureOf(error);
  } finally {
    closeSync(fd);
  }
}
