import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';
import type { Unavailable } from './observation.js';
import { parseKmsgRecord } from '../shared/kmsg.js';
import { kernelEvent, type KernelEvent } from './kernel-log.js';

const RECORD_MAX = 16 * 1024;

/**
 * Reads new kernel-log records from /dev/kmsg without blocking: the first call reads the whole ring the
 * kernel still holds, later calls only what was logged since. Each read() returns one record.
 */
export class KmsgReader {
  private fd: number | null = null;
  private failure: Unavailable | null = null;
  private readonly buffer = Buffer.alloc(RECORD_MAX);

  constructor(private readonly path = '/dev/kmsg') {}

  /** New events since the last call, or why the log cannot be read. */
  read(bootTimeMs: number): KernelEvent[] | Unavailable {
    if (this.failure) return this.failure;
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
      } catch (error) {
        this.failure = { unavailable: whyNot(error as NodeJS.ErrnoException) };
        return this.failure;
      }
    }
    const events: KernelEvent[] = [];
    // Bounded by what the ring holds; the cap only protects against a kernel flooding the log meanwhile.
    for (let records = 0; records < 100_000; records++) {
      let n: number;
      try {
        n = readSync(this.fd, this.buffer, 0, RECORD_MAX, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break;
        // EPIPE: records were overwritten before we read them; the next read continues after the gap.
        if (code === 'EPIPE') continue;
        throw error;
      }
      if (n === 0) break;
      const record = parseKmsgRecord(this.buffer.toString('utf8', 0, n));
      const event = record && kernelEvent(record, bootTimeMs);
      if (event) events.push(event);
    }
    return events;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function whyNot(error: NodeJS.ErrnoException): string {
  if (error.code === 'EPERM' || error.code === 'EACCES') {
    return 'not allowed to read the kernel log (kernel.dmesg_restrict is set; an administrator can read it)';
  }
  if (error.code === 'ENOENT') return 'this system has no kernel log device (/dev/kmsg)';
  return `could not read the kernel log: ${error.message}`;
}

/**
 * Wall-clock time of boot as the kernel log counts it. Kernel stamps do not advance while suspended,
 * so after a suspend events are dated up to the time spent asleep too early; said in the README.
 */
export function bootTimeMs(now = Date.now()): number {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return now - uptime * 1000;
}
