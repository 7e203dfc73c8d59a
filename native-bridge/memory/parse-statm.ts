import { parseStatm } from '../procfs/parse-statm.js';
import type { MemoryBreakdown } from '../contract/memory.js';

export interface Statm {
  sizeBytes: number;
  rssBytes: number;
  /** Resident pages backed by a file or shared memory (RssFile + RssShmem). */
  sharedBytes: number;
}

/** statm in bytes. Null when malformed or all zero (kernel thread, zombie, exiting process): nothing to watch. */
export function statmBytes(text: string, pageSize: number): Statm | null {
  const s = parseStatm(text);
  if (!s || (s.sizePages === 0 && s.residentPages === 0)) return null;
  return { sizeBytes: s.sizePages * pageSize, rssBytes: s.residentPages * pageSize, sharedBytes: s.sharedPages * pageSize };
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
