import { lineEnd, readUints } from '../procfs/scan.js';

/** Cumulative counters of one block device since boot. Sectors are always 512 bytes here, whatever the hardware says. */
export interface DiskCounters {
  name: string;
  reads: number;
  sectorsRead: number;
  writes: number;
  sectorsWritten: number;
  /** Milliseconds the device had I/O in flight. */
  ioTicksMs: number;
}

export const SECTOR_BYTES = 512;

const SKIPPED_PREFIXES = ['loop', 'ram', 'zram', 'sr', 'fd'];
/** sda1, hdb2, vda1, xvda1: a letter-named disk followed by a partition number. */
const LETTER_PARTITION = /^(?:sd|hd|vd|xvd)[a-z]+\d+$/;
/** nvme0n1p1, mmcblk0p1, md0p1, nbd0p1: a number-named disk, then `p` and the partition number. */
const NUMBER_PARTITION = /\dp\d+$/;

/**
 * Whole disks only: partitions would count the same I/O twice, and loop, ram, zram (compressed RAM, already shown as
 * swap), CD-ROM (sr) and floppy (fd) devices are not disks a user thinks of. Device-mapper (dm-*) and md arrays stay.
 */
export function isWholeDisk(name: string): boolean {
  for (const prefix of SKIPPED_PREFIXES) if (name.startsWith(prefix)) return false;
  return !LETTER_PARTITION.test(name) && !NUMBER_PARTITION.test(name);
}

/**
 * /proc/diskstats: `major minor name` then 11 (before 4.18), 15 (4.18+) or 17 (5.5+) counters.
 * The regexes run once per device name, not per sample: the verdict is cached.
 */
export function parseDiskstats(text: string, wholeDiskCache: Map<string, boolean> = new Map()): DiskCounters[] {
  const out: DiskCounters[] = [];
  const numbers: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const disk = parseLine(text, pos, end, numbers, wholeDiskCache);
    if (disk) out.push(disk);
    pos = end + 1;
  }
  return out;
}

function parseLine(
  text: string,
  from: number,
  to: number,
  numbers: number[],
  cache: Map<string, boolean>,
): DiskCounters | null {
  // Skip the major and minor numbers, then take the name.
  let i = from;
  for (let field = 0; field < 2; field++) {
    while (i < to && text.charCodeAt(i) === 32) i++;
    while (i < to && text.charCodeAt(i) !== 32) i++;
  }
  while (i < to && text.charCodeAt(i) === 32) i++;
  const nameStart = i;
  while (i < to && text.charCodeAt(i) !== 32) i++;
  if (i === nameStart) return null;
  const name = text.slice(nameStart, i);
  let whole = cache.get(name);
  if (whole === undefined) {
    whole = isWholeDisk(name);
    cache.set(name, whole);
  }
  if (!whole) return null;
  const n = readUints(text, i, to, numbers);
  if (n.length < 11) return null;
  return {
    name,
    reads: n[0]!,
    sectorsRead: n[2]!,
    writes: n[4]!,
    sectorsWritten: n[6]!,
    ioTicksMs: n[9]!,
  };
}
