import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listCrashes, MISSING_FOLDER, type ListOptions } from '../core/crash-list.js';
import type { CrashReading } from '../findings/observation.js';
import { findTool } from '../core/tools.js';
import { CRASH_WINDOW_MS } from '../findings/thresholds.js';

export interface CrashSourceOptions extends Pick<ListOptions, 'procRoot' | 'coredumpctlPath' | 'varCrash'> {
  /** Folders searched besides the core_pattern folder and apport's (tests point this at their own). */
  folders?: readonly string[];
  /** coredumpctl keeps no folder to watch: it is asked again this often while it exists. */
  coredumpctlEveryMs?: number;
}

/**
 * The crash reports the findings judge, found the way the Core view finds them (core/crash-list). A search
 * parses every recent core, so it runs again only when a searched folder (or one below it) changed; the
 * watch asks twice a minute, which costs a few stats.
 */
export function crashSource(options: CrashSourceOptions = {}): (now: number) => Promise<CrashReading> {
  let last: { reading: CrashReading; at: number; folders: string[]; signature: string } | null = null;
  const coredumpctlEveryMs = options.coredumpctlEveryMs ?? 60_000;
  const coredumpctl = options.coredumpctlPath === undefined ? findTool('coredumpctl') : options.coredumpctlPath;

  return async (now) => {
    if (last) {
      const coredumpctlDue = coredumpctl !== null && now - last.at >= coredumpctlEveryMs;
      if (!coredumpctlDue && (await folderSignature(last.folders)) === last.signature) return last.reading;
    }
    const list = await listCrashes(options.folders ?? [], {
      procRoot: options.procRoot,
      coredumpctlPath: coredumpctl,
      varCrash: options.varCrash,
      modifiedSinceMs: now - CRASH_WINDOW_MS,
    });
    // A folder that does not exist holds no crash; one that exists but cannot be read may.
    const unreadable = list.problems.filter((p) => p.message !== MISSING_FOLDER);
    const reading: CrashReading = { crashes: list.crashes, unreadable };
    last = {
      reading,
      at: now,
      folders: list.searched,
      signature: await folderSignature(list.searched),
    };
    return reading;
  };
}

/** The modification times of the folders and their subfolders (a core_pattern like /var/cores/%e/core puts cores one level down). */
async function folderSignature(folders: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const folder of folders) {
    parts.push(`${folder}:${await mtimeOf(folder)}`);
    const below = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of below) if (e.isDirectory()) parts.push(`${e.name}:${await mtimeOf(join(folder, e.name))}`);
  }
  return parts.join('\n');
}

async function mtimeOf(path: string): Promise<string> {
  try {
    return String((await stat(path)).mtimeMs);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
}
