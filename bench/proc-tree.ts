import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

interface StatLine {
  pid: number;
  ppid: number;
  /** Start time in ticks since boot: tells a reused pid from the process that had it before. */
  start: number;
  /** utime + stime. */
  ticks: number;
  /** cutime + cstime: children this process has reaped. */
  childTicks: number;
}

function readStat(pid: number): StatLine | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited between readdir and read
  }
  // Fields after the command name (which may hold spaces and parentheses): state is field 3.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    ppid: Number(f[1]),
    ticks: Number(f[11]) + Number(f[12]),
    childTicks: Number(f[13]) + Number(f[14]),
    start: Number(f[19]),
  };
}

function allProcesses(): StatLine[] {
  const lines: StatLine[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const line = readStat(Number(name));
    if (line) lines.push(line);
  }
  return lines;
}

/** Every live process of a group: the roots and all their descendants, keyed by pid. */
export type GroupSnapshot = Map<number, StatLine>;

/** One read of /proc: the process tree under each named group's roots (a pid belongs to the first group that claims it). */
export function snapshotGroups<K extends string>(roots: Record<K, readonly number[]>): Record<K, GroupSnapshot> {
  const lines = allProcesses();
  const children = new Map<number, StatLine[]>();
  const byPid = new Map<number, StatLine>();
  for (const line of lines) {
    byPid.set(line.pid, line);
    const list = children.get(line.ppid);
    if (list) list.push(line);
    else children.set(line.ppid, [line]);
  }
  const claimed = new Set<number>();
  const out = {} as Record<K, GroupSnapshot>;
  for (const key of Object.keys(roots) as K[]) {
    const group: GroupSnapshot = new Map();
    const stack = roots[key].map((pid) => byPid.get(pid)).filter((l): l is StatLine => l !== undefined);
    while (stack.length) {
      const line = stack.pop()!;
      if (claimed.has(line.pid)) continue;
      claimed.add(line.pid);
      group.set(line.pid, line);
      stack.push(...(children.get(line.pid) ?? []));
    }
    out[key] = group;
  }
  return out;
}

/**
 * CPU seconds a group used between two snapshots. Processes alive in both count their own delta; new
 * ones all they used; children reaped inside the group count through their reaper's cutime/cstime,
 * less what they had already used at the first snapshot (a renderer Chromium replaced, a helper that
 * exited). A process reaped by something outside the group loses its last partial window — rare here.
 */
export function groupCpuSeconds(before: GroupSnapshot, after: GroupSnapshot): number {
  let ticks = 0;
  for (const [pid, now] of after) {
    const then = before.get(pid);
    const same = then !== undefined && then.start === now.start;
    ticks += now.ticks - (same ? then.ticks : 0);
    ticks += now.childTicks - (same ? then.childTicks : 0);
  }
  for (const [pid, then] of before) {
    const now = after.get(pid);
    if (!now || now.start !== then.start) ticks -= then.ticks + then.childTicks;
  }
  return Math.max(0, ticks) / CLOCK_TICKS;
}

/** The command line of a process ("" when it has gone), to tell Chromium's renderer from its GPU process. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
