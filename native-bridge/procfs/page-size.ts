import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_PAGE_SIZE = 4096;

/** The first `KernelPageSize:  4 kB` line of a smaps text, in bytes; null when absent. */
export function parsePageSize(smapsText: string): number | null {
  const at = smapsText.indexOf('KernelPageSize:');
  if (at === -1) return null;
  const kb = Number.parseInt(smapsText.slice(at + 'KernelPageSize:'.length).trimStart(), 10);
  return Number.isInteger(kb) && kb > 0 ? kb * 1024 : null;
}

/**
 * Node has no sysconf(_SC_PAGESIZE); the kernel states the page size of every mapping in /proc/self/smaps, and the
 * first mapping's is the base page size (huge pages only appear on mappings that ask for them). Read once, the first
 * few KiB only; 4096 when it cannot be read (e.g. a fixture proc root).
 */
export function readPageSize(procRoot = '/proc'): number {
  if (procRoot === '/proc' && cached !== null) return cached;
  const size = readPageSizeOnce(procRoot);
  if (procRoot === '/proc') cached = size;
  return size;
}

let cached: number | null = null;

function readPageSizeOnce(procRoot: string): number {
  let fd: number | null = null;
  try {
    fd = openSync(join(procRoot, 'self', 'smaps'), 'r');
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return parsePageSize(buffer.toString('latin1', 0, n)) ?? DEFAULT_PAGE_SIZE;
  } catch {
    return DEFAULT_PAGE_SIZE;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
