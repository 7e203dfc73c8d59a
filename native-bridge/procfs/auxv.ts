import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';

/** AT_CLKTCK: the frequency of times() and of /proc/PID/stat's utime/stime (USER_HZ). */
export const AT_CLKTCK = 17;
const AT_NULL = 0;

/**
 * The ELF auxiliary vector the kernel gave this process: (type, value) pairs of machine words, ended by
 * AT_NULL. Pure: the caller says the word size and byte order.
 */
export function parseAuxv(bytes: Uint8Array, wordBytes: 4 | 8, littleEndian: boolean): Map<number, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (at: number): number =>
    wordBytes === 8 ? Number(view.getBigUint64(at, littleEndian)) : view.getUint32(at, littleEndian);
  const entries = new Map<number, number>();
  for (let at = 0; at + 2 * wordBytes <= bytes.byteLength; at += 2 * wordBytes) {
    const type = read(at);
    if (type === AT_NULL) break;
    entries.set(type, read(at + wordBytes));
  }
  return entries;
}

const WORD_64 = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']);

/**
 * sysconf(_SC_CLK_TCK) without running getconf: the C library answers it from this same AT_CLKTCK entry.
 * null when /proc/self/auxv cannot be read or has no such entry.
 */
export function readClockTicks(procRoot = '/proc'): number | null {
  try {
    const auxv = parseAuxv(readFileSync(join(procRoot, 'self', 'auxv')), WORD_64.has(process.arch) ? 8 : 4, endianness() === 'LE');
    const ticks = auxv.get(AT_CLKTCK);
    return ticks !== undefined && Number.isInteger(ticks) && ticks > 0 ? ticks : null;
  } catch {
    return null;
  }
}
