import { closeSync, readFileSync } from 'node:fs';
import type { Unavailable } from './observation.js';
import { drainKmsg, KMSG_RECORD_MAX, openKmsg } from '../shared/kmsg.js';
import { kernelEvent, type KernelEvent } from './kernel-log.js';

/**
 * Reads new kernel-log records from /dev/kmsg without blocking: the first call reads the whole ring the
 * kernel still holds, later calls only what was logged since.
 */
export class KmsgReader {
  private fd: number | null = null;
  private failure: Unavailable | null = null;
  private readonly buffer = Buffer.alloc(KMSG_RECORD_MAX);

  constructor(private readonly path = '/dev/kmsg') {}

  /** New events since the last call, or why the log cannot be read. */
  read(bootTimeMs: number): KernelEvent[] | Unavailable {
    if (this.failure) return this.failure;
    if (this.fd === null) {
      try {
        this.fd = openKmsg(this.path);
      } catch (error) {
        this.failure = { unavailable: whyNot(error as NodeJS.ErrnoException) };
        return this.failure;
      }
    }
    const events: KernelEvent[] = [];
    drainKmsg(this.fd, this.buffer, (record) => {
      const event = kernelEvent(record, bootTimeMs);
      if (event) events.push(event);
    });
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
