import type { MemoryBreakdown } from '../contract/memory.js';
import { KiB } from './units.js';

/** "Key:   123 kB" lines into a map of bytes; lines of other shapes (the header, VmFlags) are skipped. */
export function parseKbFields(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = line.trimEnd().match(/^([A-Za-z_]+):\s+(\d+) kB$/);
    if (match) fields.set(match[1]!, Number(match[2]) * KiB);
  }
  return fields;
}

/**
 * /proc/PID/smaps_rollup (Linux ≥ 4.14). Returns null for an empty file, which is what a kernel thread
 * or an exiting process gives. Pss_Anon/Pss_File/Pss_Shmem appeared in 5.7 and stay null before that.
 */
export function parseSmapsRollup(text: string): MemoryBreakdown | null {
  const f = parseKbFields(text);
  const rss = f.get('Rss');
  if (rss === undefined) return null;
  const anon = f.get('Anonymous') ?? 0;
  const privateClean = f.get('Private_Clean');
  const privateDirty = f.get('Private_Dirty');
  return {
    rssBytes: rss,
    anonBytes: anon,
    fileBytes: Math.max(0, rss - anon),
    sharedBytes: (f.get('Shared_Clean') ?? 0) + (f.get('Shared_Dirty') ?? 0),
    swapBytes: f.get('Swap') ?? null,
    pssBytes: f.get('Pss') ?? null,
    pssAnonBytes: f.get('Pss_Anon') ?? null,
    pssFileBytes: f.get('Pss_File') ?? null,
    pssShmemBytes: f.get('Pss_Shmem') ?? null,
    swapPssBytes: f.get('SwapPss') ?? null,
    ussBytes: privateClean === undefined || privateDirty === undefined ? null : privateClean + privateDirty,
    source: 'smaps_rollup',
  };
}
