import type { MemoryBreakdown } from './parse-smaps-rollup.js';

export interface Statm {
  sizeBytes: number;
  rssBytes: number;
  /** Resident pages backed by a file or shared memory (RssFile + RssShmem). */
  sharedBytes: number;
}

/** /proc/PID/statm: seven page counts on one line. Null when malformed or all zero (kernel thread, zombie). */
export function parseStatm(text: string, pageSize: number): Statm | null {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 3) return null;
  const [size, resident, shared] = parts.slice(0, 3).map(Number) as [number, number, number];
  if (![size, resident, shared].every(Number.isFinite)) return null;
  if (size === 0 && resident === 0) return null;
  return { sizeBytes: size * pageSize, rssBytes: resident * pageSize, sharedBytes: shared * pageSize };
}

/** Fast RSS from a byte buffer without building strings: the second number on the line. */
export function rssPagesFromStatmBuffer(buf: Uint8Array, length: number): number {
  let i = 0;
  while (i < length && buf[i] !== 0x20) i++;
  i++;
  let pages = 0;
  let digits = 0;
  for (; i < length; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    pages = pages * 10 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? -1 : pages;
}

/** The breakdown statm allows when smaps_rollup is unreadable (another user's process): no PSS/USS/swap. */
export function breakdownFromStatm(statm: Statm): MemoryBreakdown {
  return {
    rssBytes: statm.rssBytes,
    anonBytes: Math.max(0, statm.rssBytes - statm.sharedBytes),
    fileBytes: statm.sharedBytes,
    sharedBytes: statm.sharedBytes,
    swapBytes: null,
    pssBytes: null,
    pssAnonBytes: null,
    pssFileBytes: null,
    pssShmemBytes: null,
    swapPssBytes: null,
    ussBytes: null,
    source: 'statm',
  };
}
