import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid from the text of /proc/PID/stat (the command name may contain spaces and parentheses). */
export function parentFromStat(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number.parseInt(fields[1] ?? '', 10);
  return Number.isNaN(ppid) ? null : ppid;
}

/** Every process below root (children, grandchildren…), read from /proc at this moment. */
export function descendants(root: number, procRoot = '/proc'): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync(procRoot)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let stat: string;
    try {
      stat = readFileSync(`${procRoot}/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const ppid = parentFromStat(stat);
    if (ppid === null) continue;
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
  try {
    return readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').split('\0').filter((s, i, all) => s !== '' || i < all.length - 1);
  } catch {
    return [];
  }
}

export function readPidMax(procRoot = '/proc'): number {
  try {
    return Number.parseInt(readFileSync(`${procRoot}/sys/kernel/pid_max`, 'utf8').trim(), 10) || 4_194_304;
  } catch {
    return 4_194_304;
  }
}
