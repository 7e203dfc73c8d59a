import { readlinkSync } from 'node:fs';
import { joinCmdline, parseCmdline } from './parse-cmdline.js';
import { parseStat, type StatFields } from './parse-stat.js';
import { parseStatus } from './parse-status.js';
import { readProcFile } from './read-proc-file.js';

/** What an action needs to know about its target right before acting. */
export interface Target {
  stat: StatFields;
  /** Real uid: the owner whose rights a signal needs. */
  uid: number | null;
  cmdline: string;
}

export function readStatOf(procRoot: string, pid: number): StatFields | null {
  const text = readProcFile(`${procRoot}/${pid}/stat`);
  return typeof text === 'string' ? parseStat(text) : null;
}

/** null when the process is gone. */
export function readTarget(procRoot: string, pid: number): Target | null {
  const stat = readStatOf(procRoot, pid);
  if (!stat) return null;
  const status = readProcFile(`${procRoot}/${pid}/status`);
  const uids = typeof status === 'string' ? parseStatus(status).uids : null;
  const cmd = readProcFile(`${procRoot}/${pid}/cmdline`);
  return { stat, uid: uids ? uids[0] : null, cmdline: typeof cmd === 'string' ? joinCmdline(parseCmdline(cmd)) : '' };
}

export function readExe(procRoot: string, pid: number): string | null {
  try {
    return readlinkSync(`${procRoot}/${pid}/exe`);
  } catch {
    return null;
  }
}

/**
 * For the CLI twins (`triage signal SIG PID`), which take a bare pid: the identity and description to
 * show in the confirmation and to pass on as startTime, so the same reuse guard applies. null when gone.
 */
export function describePid(
  pid: number,
  userName: (uid: number) => string,
  procRoot = '/proc',
): { pid: number; startTime: number; name: string; user: string; cmdline: string } | null {
  const target = readTarget(procRoot, pid);
  if (!target) return null;
  return {
    pid,
    startTime: target.stat.startTime,
    name: target.stat.comm,
    user: target.uid === null ? '?' : userName(target.uid),
    cmdline: target.cmdline,
  };
}
