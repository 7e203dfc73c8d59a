import { closeSync, openSync, readSync } from 'node:fs';
import { failureOf, type ProcFailure, type ProcText } from './read.js';

/**
 * One /proc file kept open and re-read with pread at offset 0: the kernel regenerates a seq file on each read, so a
 * sample costs one read syscall instead of open + read + close. An fd of a process that exited fails with ESRCH even
 * if its pid number is reused, so the open fd doubles as an identity check. The buffer grows until one read holds
 * the whole file (a seq file read returns everything that fits).
 */
export class ProcFile {
  private fd = -1;
  private buf: Buffer;
  /** Why the open failed, when it did and the caller asked to keep the file anyway. */
  readonly openFailure: ProcFailure | null = null;

  /**
   * Throws the open error (see whyOf), unless onOpenError is 'keep': then the file stays closed, isOpen is false
   * and read() answers the open failure (for optional files such as PSI, absent on some kernels).
   */
  constructor(
    readonly path: string,
    initialBytes = 4096,
    onOpenError: 'throw' | 'keep' = 'throw',
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      if (onOpenError === 'throw') throw error;
      this.openFailure = failureOf(error);
    }
  }

  get isOpen(): boolean {
    return this.fd >= 0;
  }

  /** The whole file into `buffer`; the byte count (0 for an empty file). Throws the read error: the hot path. */
  readBytes(): number {
    if (this.fd < 0) throw Object.assign(new Error(`${this.path} is closed`), { code: 'EBADF' });
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
      if (n < this.buf.length) return n;
      this.buf = Buffer.allocUnsafe(this.buf.length * 2);
    }
  }

  /** Throws like readBytes. latin1 is the cheapest decode and /proc numbers are ASCII; utf8 where names may be UTF-8. */
  readText(encoding: BufferEncoding = 'latin1'): string {
    // readBytes may replace the buffer with a bigger one: read first, then decode.
    const n = this.readBytes();
    return this.buf.toString(encoding, 0, n);
  }

  /** The file's current text as a tagged result. */
  read(encoding: BufferEncoding = 'latin1'): ProcText {
    if (this.openFailure) return this.openFailure;
    try {
      return { ok: true, text: this.readText(encoding) };
    } catch (error) {
      return failureOf(error);
    }
  }

  get buffer(): Buffer {
    return this.buf;
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed: nothing to give back.
    }
    this.fd = -1;
  }
}
