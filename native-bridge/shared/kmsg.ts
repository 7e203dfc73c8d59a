import { constants, openSync, readSync } from 'node:fs';

/** One /dev/kmsg record; shared by the findings rules (crashes, OOM kills) and the "what changed?" timeline. */
export interface KmsgRecord {
  /** 0 is the kernel itself; a program writing to /dev/kmsg gets 1 (user) whatever it claims. */
  facility: number;
  /** Microseconds since boot, as the kernel stamps it. */
  usec: number;
  message: string;
}

/** One /dev/kmsg record: "PRI,SEQ,USEC,FLAGS[,…];MESSAGE" then optional " KEY=VALUE" lines. */
export function parseKmsgRecord(text: string): KmsgRecord | null {
  const semi = text.indexOf(';');
  if (semi < 0) return null;
  const [pri, , usec] = text.slice(0, semi).split(',');
  const priority = Number(pri);
  const micros = Number(usec);
  if (!Number.isInteger(priority) || !Number.isFinite(micros)) return null;
  const end = text.indexOf('\n', semi);
  return { facility: priority >> 3, usec: micros, message: text.slice(semi + 1, end < 0 ? undefined : end) };
}

/** The most one record can take: the kernel refuses a read buffer smaller than the record (EINVAL). */
export const KMSG_RECORD_MAX = 16 * 1024;

/** /dev/kmsg opened for reading without blocking; a fresh descriptor starts at the oldest record the ring holds. */
export function openKmsg(path = '/dev/kmsg'): number {
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

/**
 * Reads every record logged since this descriptor's last read, oldest first. `onGap` runs where the kernel
 * overwrote records before they were read (EPIPE): what came before it is not contiguous with what follows.
 */
export function drainKmsg(fd: number, buffer: Buffer, onRecord: (record: KmsgRecord) => void, onGap: () => void = () => {}): void {
  // Bounded by what the ring holds; the cap only protects against a kernel flooding the log meanwhile.
  for (let n = 0; n < 100_000; n++) {
    let got: number;
    try {
      got = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return;
      // EPIPE: records were overwritten before we read them; the next read continues after the gap.
      if (code === 'EPIPE') {
        onGap();
        continue;
      }
      throw error;
    }
    if (got === 0) return;
    const record = parseKmsgRecord(buffer.toString('utf8', 0, got));
    if (record) onRecord(record);
  }
}
