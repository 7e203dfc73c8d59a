export interface StatIdentity {
  pid: number;
  /** The command name as the kernel keeps it (15 characters at most). */
  comm: string;
  state: string;
  ppid: number;
  /** Field 9: kernel flags of the task (PF_*). */
  flags: number;
  /** Field 22: clock ticks after boot. With the pid it names one process for the life of the machine. */
  startTime: number;
}

/**
 * /proc/PID/stat. The command name sits in parentheses and may itself contain spaces and ')', so the
 * fields after it are found from the LAST ')'.
 */
export function parseStat(text: string): StatIdentity | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const flags = Number(rest[9 - 3]);
  const startTime = Number(rest[22 - 3]);
  if (!Number.isInteger(pid) || state === undefined || ![ppid, flags, startTime].every(Number.isFinite)) return null;
  return { pid, comm: text.slice(open + 1, close), state, ppid, flags, startTime };
}

const PF_KTHREAD = 0x00200000;

/** Kernel threads have no user memory: nothing to watch. */
export function isKernelThread(stat: StatIdentity): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}
