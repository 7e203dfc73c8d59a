import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import type { ProcessDetail, ProcessKey } from '../contract/processes.js';
import { bootTimeMs, clockTicks, pageSize } from './host-facts.js';
import { guessContainer, parseCgroup, systemdUnit } from './parse-cgroup.js';
import { joinCmdline, parseCmdline } from './parse-cmdline.js';
import { parseIo } from './parse-io.js';
import { parseLimits } from './parse-limits.js';
import { parseStat } from './parse-stat.js';
import { parseStatus } from './parse-status.js';
import { readProcFile } from './read-proc-file.js';
import { readExe } from './read-target.js';
import type { IdNames } from './user-names.js';

export interface DetailContext {
  procRoot: string;
  users: IdNames;
  groups: IdNames;
}

const text = (value: string | 'gone' | 'denied' | 'error'): string | null =>
  value === 'gone' || value === 'denied' || value === 'error' ? null : value;

/** Whether the file now at `exe` is still the one the process runs (same device and inode). */
function exeReplaced(procRoot: string, pid: number, exe: string): boolean {
  try {
    const running = statSync(`${procRoot}/${pid}/exe`);
    const onDisk = statSync(exe);
    return running.ino !== onDisk.ino || running.dev !== onDisk.dev;
  } catch {
    return false;
  }
}

/**
 * Everything the detail panel shows. Parts another user's process hides from us (exe, cwd, fds, io)
 * come back as null rather than failing the whole panel.
 */
export function readProcessDetail(key: ProcessKey, ctx: DetailContext): ProcessDetail {
  const dir = `${ctx.procRoot}/${key.pid}`;
  const statText = text(readProcFile(`${dir}/stat`));
  const stat = statText ? parseStat(statText) : null;
  if (!stat) throw new TriageError('ESRCH', `Process ${key.pid} already exited.`);
  if (stat.startTime !== key.startTime) {
    throw new TriageError(
      'PID_REUSED',
      `Process ${key.pid} is not the one you selected: that one exited and the number now belongs to ${stat.comm}.`,
    );
  }
  const ticks = clockTicks();
  const statusText = text(readProcFile(`${dir}/status`));
  const status = statusText ? parseStatus(statusText) : null;
  const argv = parseCmdline(text(readProcFile(`${dir}/cmdline`)) ?? '');
  let exe = readExe(ctx.procRoot, key.pid);
  let exeDeleted = false;
  if (exe?.endsWith(' (deleted)')) {
    exeDeleted = true;
    exe = exe.slice(0, -' (deleted)'.length);
  }
  const cwd = readLink(`${dir}/cwd`);
  let fdCount: number | null = null;
  try {
    fdCount = readdirSync(`${dir}/fd`).length;
  } catch {
    fdCount = null;
  }
  const cgroup = parseCgroup(text(readProcFile(`${dir}/cgroup`)) ?? '');
  const limitsText = text(readProcFile(`${dir}/limits`));
  const ioText = text(readProcFile(`${dir}/io`));
  const uid = status?.uids?.[1] ?? null;
  const gid = status?.gids?.[1] ?? null;
  return {
    pid: key.pid,
    startTime: key.startTime,
    startedAt: Math.round(bootTimeMs(ctx.procRoot) + (stat.startTime / ticks) * 1000),
    ppid: stat.ppid,
    name: stat.comm,
    state: stat.state,
    argv,
    cmdline: joinCmdline(argv),
    exe,
    exeDeleted,
    exeReplaced: exe !== null && !exeDeleted && exeReplaced(ctx.procRoot, key.pid, exe),
    cwd,
    user: uid === null ? null : { uid, name: ctx.users.name(uid) },
    group: gid === null ? null : { gid, name: ctx.groups.name(gid) },
    cgroup,
    container: guessContainer(cgroup),
    unit: systemdUnit(cgroup),
    limits: limitsText ? parseLimits(limitsText) : null,
    fdCount,
    threads: status?.threads ?? stat.threads,
    nice: stat.nice,
    cpuTime: Math.round(((stat.utime + stat.stime) / ticks) * 100) / 100,
    rss: stat.rssPages * pageSize(),
    vsize: stat.vsize,
    swap: status?.swap ?? null,
    io: ioText ? parseIo(ioText) : null,
  };
}

function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
