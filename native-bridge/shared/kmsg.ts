import { closeSync, constants, openSync, readSync } from 'node:fs';

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

const RECORD_MAX = 16 * 1024;

/**
 * Every record the kernel ring still holds, read without blocking from a fresh descriptor (which starts
 * at the oldest record). Throws the open error (EPERM under dmesg_restrict, ENOENT without the device).
 */
export function readKmsgRing(path = '/dev/kmsg'): KmsgRecord[] {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(RECORD_MAX);
  const records: KmsgRecord[] = [];
  try {
    // Bounded by what the ring holds; the cap only protects against a kernel flooding the log meanwhile.
    for (let n = 0; n < 100_000; n++) {
      let got: number;
      try {
        got = readSync(fd, buffer, 0, RECORD_MAX, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break;
        // EPIPE: records were overwritten before we read them; the next read continues after the gap.
        if (code === 'EPIPE') continue;
        throw error;
      }
      if (got === 0) break;
      const record = parseKmsgRecord(buffer.toString('utf8', 0, got));
      if (record) records.push(record);
    }
  } finally {
    closeSync(fd);
  }
  return records;
}
