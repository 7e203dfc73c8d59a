import { readlinkSync, readdirSync } from 'node:fs';
import type { Culprit } from '../../contract/findings.js';
import { readPidStat } from '../../procfs/pid-files.js';
import { listPids, readProcText } from '../../procfs/read.js';

const O_ACCMODE = 3;
const FLAGS = /^flags:\s+([0-7]+)/m;

/** Whether descriptor `fd` of `pid` was opened for writing (fdinfo's octal flags). */
function opensForWriting(procRoot: string, pid: number, fd: string): boolean {
  const info = readProcText(`${procRoot}/${pid}/fdinfo/${fd}`);
  if (!info.ok) return false;
  const flags = FLAGS.exec(info.text);
  return flags !== null && (Number.parseInt(flags[1]!, 8) & O_ACCMODE) !== 0;
}

/**
 * The processes that hold `path` open for writing, found by reading every descriptor link on the machine
 * (what lsof does). Costly on a busy machine, so it is asked only about a file already growing fast.
 * Processes whose descriptors Triage may not read are counted, so "no writer found" is not claimed as "none".
 */
export function findWriters(procRoot: string, path: string): { writers: Culprit[]; denied: number } {
  const writers: Culprit[] = [];
  let denied = 0;
  for (const pid of listPids(procRoot)) {
    if (pid === process.pid) continue;
    const dir = `${procRoot}/${pid}/fd/`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EACCES') denied++;
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(dir + fd);
      } catch {
        continue; // closed meanwhile
      }
      if (target !== path || !opensForWriting(procRoot, pid, fd)) continue;
      const stat = readPidStat(procRoot, pid);
      if (stat) writers.push({ pid, startTime: stat.startTime, name: stat.comm });
      break;
    }
  }
  return { writers, denied };
}
