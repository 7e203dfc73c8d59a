import { lineEnd, readUints } from './scan.js';

/** The /proc/meminfo fields the dashboard needs, in bytes; 0 where this kernel does not print the field. */
export interface MemInfo {
  totalBytes: number;
  freeBytes: number;
  /** MemAvailable appeared in 3.14; older kernels get an estimate (see parseMeminfo). */
  availableBytes: number;
  buffersBytes: number;
  cachedBytes: number;
  sReclaimableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

/**
 * /proc/meminfo lines are `Key:   value kB`. The kernel writes kB meaning KiB, so values are multiplied by 1024.
 * Without MemAvailable (kernels before 3.14) available is estimated as free + buffers + cached + SReclaimable,
 * the same fallback procps `free` uses.
 */
export function parseMeminfo(text: string): MemInfo {
  const out: MemInfo = {
    totalBytes: 0,
    freeBytes: 0,
    availableBytes: Number.NaN,
    buffersBytes: 0,
    cachedBytes: 0,
    sReclaimableBytes: 0,
    swapTotalBytes: 0,
    swapFreeBytes: 0,
  };
  let seenTotal = false;
  const numbers: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const colon = text.indexOf(':', pos);
    if (colon !== -1 && colon < end) {
      const field = fieldFor(text.slice(pos, colon));
      if (field) {
        const value = readUints(text, skipBlanks(text, colon + 1, end), end, numbers)[0];
        if (value !== undefined) {
          const kb = text.endsWith('kB', end) || text.endsWith('kB\r', end);
          out[field] = kb ? value * 1024 : value;
          if (field === 'totalBytes') seenTotal = true;
        }
      }
    }
    pos = end + 1;
  }
  if (!seenTotal) throw new Error('/proc/meminfo has no MemTotal line');
  if (Number.isNaN(out.availableBytes)) {
    out.availableBytes = Math.min(out.totalBytes, out.freeBytes + out.buffersBytes + out.cachedBytes + out.sReclaimableBytes);
  }
  return out;
}

function fieldFor(key: string): keyof MemInfo | null {
  switch (key) {
    case 'MemTotal':
      return 'totalBytes';
    case 'MemFree':
      return 'freeBytes';
    case 'MemAvailable':
      return 'availableBytes';
    case 'Buffers':
      return 'buffersBytes';
    case 'Cached':
      return 'cachedBytes';
    case 'SReclaimable':
      return 'sReclaimableBytes';
    case 'SwapTotal':
      return 'swapTotalBytes';
    case 'SwapFree':
      return 'swapFreeBytes';
    default:
      return null;
  }
}

function skipBlanks(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}
