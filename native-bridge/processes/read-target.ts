import { joinCmdline, parseCmdline } from '../procfs/parse-cmdline.js';
import { parsePidStat, type PidStat } from '../procfs/parse-pid-stat.js';
import { parseStatus } from '../procfs/parse-status.js';
import { procPath } from '../procfs/pid-files.js';
import { readProcLink, readProcText, type ProcReader } from '../procfs/read.js';

/** What an action needs to know about its target right before acting. */
export interface Target {
  stat: PidStat;
  /** Real uid: the owner whose rights a signal needs. */
  uid: number | null;
  cmdline: string;
}

export function readStatOf(procRoot: string, pid: number, read: ProcReader = readProcText): PidStat | null {
  const stat = read(procPath(procRoot, pid, 'stat'));
  return stat.ok ? parsePidStat(stat.text) : null;
}

/**
 * null when the process is gone. One that exits between the reads of stat and cmdline is gone too: its command
 * line is never made up from a failed read (it would reach the confirmation and the audit log).
 */
export function readTarget(procRoot: string, pid: number, read: ProcReader = readProcText): Target | null {
  const stat = readStatOf(procRoot, pid, read);
  if (!stat) return null;
  const status = read(procPath(procRoot, pid, 'status'));
  if (!status.ok && status.why === 'gone') return null;
  const cmd = read(procPath(procRoot, pid, 'cmdline'));
  if (!cmd.ok && cmd.why === 'gone') return null;
  const uids = status.ok ? parseStatus(status.text).uids : null;
  return { stat, uid: uids ? uids[0] : null, cmdline: cmd.ok ? joinCmdline(parseCmdline(cmd.text)) : '' };
}

export function readExe(procRoot: string, pid: number): string | null {
  const link = readProcLink(procPath(procRoot, pid, 'exe'));
  return link.ok ? link.text : null;
}

/**
 * For the CLI twins (`triage signal SIG PID`), which take a bare pid: the identity and description to
 * show in the confirmation and to pass on as startTime, so the same reuse guard applies. null when gone.
 */
export function describePid(
  pid: number,
  userName: (uid: number) => string,
  procRoot = '/proc',
  read: ProcReader = readProcText,
): { pid: number; startTime: number; name: string; user: string; cmdline: string } | null {
  const target = readTarget(procRoot, pid, read);
  if (!target) return null;
  return {
    pid,
    startTime: target.stat.startTime,
    name: target.stat.comm,
    user: target.uid === null ? '?' : userName(target.uid),
    cmdline: target.cmdline,
  };
}
