import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { whyOf } from '../../procfs/read.js';

export interface LogListLimits {
  /** Directory levels below a root that are listed (0: the root's own files only). */
  maxDepth: number;
  /** Files kept in all; the rest are not watched (said in the reading). */
  maxFiles: number;
}

export interface LogListing {
  files: string[];
  /** Directories that could not be listed, each with why: what is in them was not checked. */
  unreadable: string[];
  /** More files were there than `maxFiles`. */
  truncated: boolean;
}

/**
 * Rotated files never grow again: statting them every few seconds would be waste. Compressed (app.log.2.gz),
 * numbered (app.log.1), dated (app.log-20261205) and archived journals (system@….journal, ….journal~).
 */
const ROTATED = /\.(gz|xz|zst|bz2|lz4|zip)$|\.\d+$|-\d{8}$|@.*\.journal$|\.journal~$/;

function why(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'not a directory';
  const w = whyOf(error);
  return w === 'denied' ? 'permission denied' : w === 'gone' ? 'it does not exist' : (error as Error).message;
}

/** The regular files under the log roots, breadth first, bounded in depth and count. */
export function listLogFiles(roots: readonly string[], limits: LogListLimits): LogListing {
  const files: string[] = [];
  const unreadable: string[] = [];
  let queue = roots.map((dir) => ({ dir, depth: 0 }));
  let truncated = false;
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const { dir, depth } of queue) {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        unreadable.push(`${dir} (${why(error)})`);
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth < limits.maxDepth) next.push({ dir: path, depth: depth + 1 });
        } else if (entry.isFile() && !ROTATED.test(entry.name)) {
          if (files.length >= limits.maxFiles) truncated = true;
          else files.push(path);
        }
      }
    }
    queue = next;
  }
  return { files, unreadable, truncated };
}
