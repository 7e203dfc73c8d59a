import { closeSync } from 'node:fs';
import { drainKmsg, KMSG_RECORD_MAX, openKmsg, type KmsgRecord } from '../shared/kmsg.js';
import { isKernelNote } from './kernel-notes.js';
import { isSleepRecord } from './kernel-resumes.js';

/** More than any ring holds of notes and sleep lines; past it the oldest go, as the kernel's own ring drops them. */
const KEPT_MAX = 5000;

/**
 * The kernel-log records "what changed?" reads (notes and sleep lines), kept up to date from one descriptor that
 * stays open: the first read takes the whole ring, later ones only what was logged since. The timeline is asked
 * for every 30 s by a dashboard, and re-reading a full ring each time (~1,600 records here, a few MB of garbage)
 * was most of that call's cost. The list is contiguous like the ring: where the kernel overwrote records before
 * they were read, what came before is dropped. A new list is made only when a kept record came, so callers can
 * reuse what they derived from the last one. Open errors are not kept: the next call tries again.
 */
export class KernelRecords {
  private fd: number | null = null;
  private kept: readonly KmsgRecord[] = [];
  private readonly buffer = Buffer.alloc(KMSG_RECORD_MAX);

  constructor(private readonly path: string) {}

  /** The kept records, oldest first; throws the open or read error. */
  read(): readonly KmsgRecord[] {
    this.fd ??= openKmsg(this.path);
    const fresh: KmsgRecord[] = [];
    let gap = false;
    drainKmsg(
      this.fd,
      this.buffer,
      (record) => {
        if (isKernelNote(record) || isSleepRecord(record)) fresh.push(record);
      },
      () => {
        gap = true;
        fresh.length = 0;
      },
    );
    if (gap || fresh.length > 0) this.kept = [...(gap ? [] : this.kept), ...fresh].slice(-KEPT_MAX);
    return this.kept;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
