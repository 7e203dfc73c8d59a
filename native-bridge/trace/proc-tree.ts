import { parseCmdline } from '../procfs/parse-cmdline.js';
import { readPidStat } from '../procfs/pid-files.js';
import { listPids, readProcText } from '../procfs/read.js';

/** Every process below root (children, grandchildren…), read from /proc at this moment. */
export function descendants(root: number, procRoot = '/proc'): number[] {
  const children = new Map<number, number[]>();
  for (const pid of listPids(procRoot)) {
    const ppid = readPidStat(procRoot, pid)?.ppid;
    if (ppid === undefined) continue; // exited while we looked
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  // The parent links are read one process at a time while pids exit and are reused, so they can form a
  // loop; each pid is visited once, which bounds the walk by the processes read.
  const out: number[] = [];
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** The process's command line as argv, or [] when it cannot be read. */
export function readCmdline(pid: number, procRoot = '/proc'): string[] {
  const read = readProcText(`${procRoot}/${pid}/cmdline`);
  return read.ok ? parseCmdline(read.text) : [];
}
