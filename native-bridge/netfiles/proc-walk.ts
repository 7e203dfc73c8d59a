import { readdirSync, readlinkSync } from 'node:fs';
import { listPids, whyOf } from '../procfs/read.js';


export type FdVisitor = (pid: number, fd: string, target: string) => void;

export interface WalkResult {
  /** Processes whose descriptors could not be read (another user's, without privilege). */
  denied: number[];
  descriptors: number;
}

/**
 * Reads every descriptor link of every process (or of `pids`): one readdir and one readlink per descriptor,
 * the same work `ss -p` and lsof do. A process that exits mid-walk is skipped; one that refuses (EACCES)
 * is counted so the caller can say what it could not see.
 */
export function walkDescriptors(procRoot: string, visit: FdVisitor, pids: readonly number[] = listPids(procRoot)): WalkResult {
  const denied: number[] = [];
  let descriptors = 0;
  for (const pid of pids) {
    const dir = `${procRoot}/${pid}/fd/`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if (whyOf(error) === 'denied') denied.push(pid);
      continue;
    }
    for (let i = 0; i < names.length; i++) {
      let target: string;
      try {
        target = readlinkSync(dir + names[i]!);
      } catch (error) {
        // Listed but not readable (a more privileged process): count it as refused, not as closed.
        if (whyOf(error) === 'denied') {
          denied.push(pid);
          break;
        }
        continue; // closed between readdir and readlink
      }
      descriptors++;
      visit(pid, names[i]!, target);
    }
  }
  return { denied, descriptors };
}
