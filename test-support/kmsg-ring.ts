import { closeSync } from 'node:fs';
import { drainKmsg, KMSG_RECORD_MAX, openKmsg, type KmsgRecord } from '../native-bridge/shared/kmsg.js';

/**
 * Every record the kernel ring still holds, read without blocking from a fresh descriptor (which starts
 * at the oldest record). Throws the open error (EPERM under dmesg_restrict, ENOENT without the device).
 */
export function readKmsgRing(path = '/dev/kmsg'): KmsgRecord[] {
  const fd = openKmsg(path);
  const records: KmsgRecord[] = [];
  try {
    drainKmsg(fd, Buffer.alloc(KMSG_RECORD_MAX), (record) => records.push(record));
  } finally {
    closeSync(fd);
  }
  return records;
}
