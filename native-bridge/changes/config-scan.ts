import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeEvent } from '../contract/changes.js';
import { failure, type SourceRead } from './read-source.js';

export interface ConfigScanLimits {
  /** At most this many files are stat'ed per scan. */
  maxFiles: number;
  /** Directories deeper than this under the root are not entered. */
  maxDepth: number;
  /** A scan is reused for this long: /etc is walked at most once a minute whatever asks. */
  reuseMs: number;
}
export const CONFIG_SCAN_LIMITS: ConfigScanLimits = { maxFiles: 5000, maxDepth: 4, reuseMs: 60_000 };

interface Scan {
  at: number;
  files: Array<{ path: string; mtimeMs: number }>;
  notes: string[];
}
const cache = new Map<string, Scan>();

/** Walks the root without following symlinks (lstat, and symlinked directories are not entered). */
function scan(root: string, limits: ConfigScanLimits): Scan {
  const files: Scan['files'] = [];
  let unreadableDirs = 0;
  let stopped = false;
  const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  // Breadth first, so the limit cuts the deepest corners, not whole top-level folders.
  while (queue.length > 0 && !stopped) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === root) throw error;
      unreadableDirs += 1;
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth + 1 <= limits.maxDepth) queue.push({ dir: path, depth: depth + 1 });
      } else if (entry.isFile()) {
        if (files.length >= limits.maxFiles) {
          stopped = true;
          break;
        }
        try {
          files.push({ path, mtimeMs: lstatSync(path).mtimeMs });
        } catch {
          // Removed between the listing and the stat: nothing to report.
        }
      }
    }
  }
  const notes: string[] = [];
  if (stopped) notes.push(`looked at the first ${limits.maxFiles} files only`);
  if (unreadableDirs > 0) notes.push(`${unreadableDirs} folder(s) could not be read`);
  return { at: Date.now(), files, notes };
}

/** Files under the root modified within the window, newest first, from a scan at most `reuseMs` old. */
export function configChanges(root: string, sinceMs: number, untilMs: number, limits = CONFIG_SCAN_LIMITS): SourceRead<ChangeEvent[]> {
  let result = cache.get(root);
  if (!result || Date.now() - result.at > limits.reuseMs) {
    try {
      result = scan(root, limits);
    } catch (error) {
      cache.delete(root);
      return failure(error, root);
    }
    cache.set(root, result);
  }
  const events = result.files
    .filter((f) => f.mtimeMs >= sinceMs && f.mtimeMs <= untilMs)
    .map((f): ChangeEvent => ({ time: f.mtimeMs, kind: 'config', title: `modified ${f.path}`, detail: f.path }));
  return { status: 'read', value: events, why: result.notes.length > 0 ? result.notes.join('; ') : null };
}
