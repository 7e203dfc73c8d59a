import { parseKbFields } from './parse-smaps-rollup.js';

export interface MemInfo {
  totalBytes: number;
  /** The kernel's estimate of memory available for new work without swapping (MemAvailable). */
  availableBytes: number;
}

export function parseMeminfo(text: string): MemInfo | null {
  const f = parseKbFields(text);
  const total = f.get('MemTotal');
  // Kernels before 3.14 lack MemAvailable; free + cached is the usual stand-in there.
  const available = f.get('MemAvailable') ?? (f.has('MemFree') ? (f.get('MemFree') ?? 0) + (f.get('Cached') ?? 0) : undefined);
  if (total === undefined || available === undefined) return null;
  return { totalBytes: total, availableBytes: available };
}
