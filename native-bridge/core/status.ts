import type { CoreLimit, CoreStatus } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import { describeCoreStatus } from './describe-status.js';
import { parseCoreLimit } from '../procfs/parse-limits.js';
import { readProcText } from '../procfs/read.js';
import { readCoreSettings } from '../procfs/sysctl.js';
import { findTool } from './tools.js';

export interface StatusOptions {
  procRoot?: string;
  /** Whose limit counts as "Triage's own" (default: this process). */
  selfPid?: number;
}


/** The core size limit of a process from /proc/PID/limits; null when the process or line is gone. */
export async function readCoreLimit(pid: number, procRoot = '/proc'): Promise<CoreLimit | null> {
  const read = readProcText(`${procRoot}/${pid}/limits`);
  return read.ok ? parseCoreLimit(read.text) : null;
}

/** Reads the kernel's core settings and limits and says in plain words what a crash will leave. */
export async function coreStatus(pid: number | undefined, opts: StatusOptions = {}): Promise<CoreStatus> {
  const procRoot = opts.procRoot ?? '/proc';
  const settings = readCoreSettings(procRoot);
  if (settings === null) throw new TriageError('UNSUPPORTED', 'This system has no /proc/sys/kernel/core_pattern, so Triage cannot tell where core dumps go.');
  const { pattern, usesPid } = settings;
  const limit = (await readCoreLimit(opts.selfPid ?? process.pid, procRoot)) ?? { soft: null, hard: null };
  let pidLimit: CoreStatus['pidLimit'] = null;
  if (pid !== undefined) {
    const l = await readCoreLimit(pid, procRoot);
    if (l === null) throw new TriageError('ESRCH', `No process with id ${pid} is running.`);
    pidLimit = { pid, ...l };
  }
  return describeCoreStatus({ corePattern: pattern, usesPid, limit, pidLimit, prlimitAvailable: findTool('prlimit') !== null });
}
