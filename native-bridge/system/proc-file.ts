import { closeSync, openSync, readSync } from 'node:fs';

/**
 * One /proc file kept open and re-read from offset 0 each time: a pread at 0 makes the kernel regenerate a seq file,
 * so a sample costs one read syscall per file instead of open + read + close. The buffer grows until one read holds
 * the whole file (a seq file read returns everything that fits).
 */
export class ProcFile {
  private fd: number | null;
  private buffer: Buffer;

  constructor(
    readonly path: string,
    /** latin1 is the cheapest decode and /proc numbers are ASCII; use utf8 where names may hold UTF-8 (net/dev). */
    private readonly encoding: 'latin1' | 'utf8' = 'latin1',
    initialBytes = 4096,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    try {
      this.fd = openSync(path, 'r');
    } catch {
      this.fd = null;
    }
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** The file's current text, or null when it could not be opened or read (e.g. PSI disabled: EOPNOTSUPP). */
  read(): string | null {
    if (this.fd === null) return null;
    try {
      for (;;) {
        const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
        if (n < this.buffer.length) return this.buffer.toString(this.encoding, 0, n);
        this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
      }
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed or never valid: nothing to release.
    }
    this.fd = null;
  }
}
