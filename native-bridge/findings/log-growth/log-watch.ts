import { existsSync, statfsSync, statSync } from 'node:fs';
import type { Culprit } from '../../contract/findings.js';
import { listLogFiles, type LogListLimits } from './log-files.js';
import { findWriters } from './log-writer.js';

/** One log file that grew between the last two size reads. */
export interface GrowingLog {
  path: string;
  sizeBytes: number;
  bytesPerSec: number;
  /** Space left to unprivileged writers on its filesystem; null when statfs failed. */
  freeBytes: number | null;
  /** Processes holding it open for writing; null when they were not looked for (growing slower than asked). */
  writers: Culprit[] | null;
  /** Processes whose descriptors could not be read while looking for the writers. */
  writersDenied: number;
  /** Its sizes at the last reads, oldest first (since it was last created or rotated). */
  sizes: number[];
}

export interface LogReading {
  time: number;
  /** Whether two size reads exist yet: growth needs two. */
  measured: boolean;
  watched: number;
  growing: GrowingLog[];
  unreadable: string[];
  /** More files were under the roots than are watched. */
  truncated: boolean;
}

export interface LogWatchOptions extends LogListLimits {
  roots: readonly string[];
  procRoot: string;
  /** Sizes are read this often; between reads the last reading is returned (the rules budget is small). */
  statEveryMs: number;
  /** Directories are listed again this often, to catch new files. */
  listEveryMs: number;
}

interface Seen {
  dev: number;
  ino: number;
  sizes: { time: number; size: number }[];
}

const SIZES_KEPT = 60;
/** A writer found stays named this long before the machine's descriptors are read again. */
const WRITERS_FOR_MS = 30_000;

/** The log directories of a usual machine: /var/log (with the persistent journal) and the volatile journal. */
export function defaultLogRoots(): string[] {
  return ['/var/log', ...(existsSync('/run/log/journal') ? ['/run/log/journal'] : [])];
}

export const DEFAULT_LOG_WATCH: Omit<LogWatchOptions, 'roots'> = { procRoot: '/proc', maxDepth: 3, maxFiles: 200, statEveryMs: 5_000, listEveryMs: 60_000 };

/**
 * Reads the sizes of the files under the log roots every few seconds and says which grew and how fast.
 * A file whose inode changed (rotated: renamed and created again) or that shrank (truncated by copytruncate)
 * starts over: rotation is neither negative growth nor growth.
 */
export class LogWatch {
  private readonly seen = new Map<string, Seen>();
  private files: string[] = [];
  private unreadable: string[] = [];
  private truncated = false;
  private listedAt = Number.NEGATIVE_INFINITY;
  private readAt = Number.NEGATIVE_INFINITY;
  private reads = 0;
  private last: LogReading | null = null;
  private readonly writers = new Map<string, { at: number; ino: number; found: ReturnType<typeof findWriters> }>();

  constructor(private readonly options: LogWatchOptions) {}

  /** The reading as of `now`; `writersAbove` (bytes/s) is the growth from which the writer is looked for. */
  read(now: number, writersAbove: number): LogReading {
    if (this.last && now - this.readAt < this.options.statEveryMs) return this.last;
    if (now - this.listedAt >= this.options.listEveryMs) this.list(now);
    this.readAt = now;
    this.reads++;
    const growing: GrowingLog[] = [];
    const present = new Set<string>();
    for (const path of this.files) {
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // removed since the listing (rotation): the next listing forgets it
      }
      present.add(path);
      const prev = this.seen.get(path);
      const size = st.size;
      if (!prev || prev.ino !== st.ino || prev.dev !== st.dev || size < (prev.sizes.at(-1)?.size ?? 0)) {
        this.seen.set(path, { dev: st.dev, ino: st.ino, sizes: [{ time: now, size }] });
        continue;
      }
      const before = prev.sizes.at(-1)!;
      prev.sizes = [...prev.sizes.slice(-(SIZES_KEPT - 1)), { time: now, size }];
      if (size === before.size || now <= before.time) continue;
      const bytesPerSec = ((size - before.size) * 1000) / (now - before.time);
      const found = bytesPerSec >= writersAbove ? this.writersOf(path, st.ino, now) : null;
      growing.push({
        path,
        sizeBytes: size,
        bytesPerSec,
        freeBytes: found ? freeBytesOf(path) : null,
        writers: found?.writers ?? null,
        writersDenied: found?.denied ?? 0,
        sizes: prev.sizes.map((s) => s.size),
      });
    }
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);
    this.last = { time: now, measured: this.reads >= 2, watched: this.files.length, growing, unreadable: this.unreadable, truncated: this.truncated };
    return this.last;
  }

  private list(now: number): void {
    const listing = listLogFiles(this.options.roots, this.options);
    this.files = listing.files;
    this.unreadable = listing.unreadable;
    this.truncated = listing.truncated;
    this.listedAt = now;
  }

  private writersOf(path: string, ino: number, now: number): ReturnType<typeof findWriters> {
    const cached = this.writers.get(path);
    if (cached && cached.ino === ino && now - cached.at < WRITERS_FOR_MS) return cached.found;
    const found = findWriters(this.options.procRoot, path);
    this.writers.set(path, { at: now, ino, found });
    return found;
  }
}

function freeBytesOf(path: string): number | null {
  try {
    const fs = statfsSync(path);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}
