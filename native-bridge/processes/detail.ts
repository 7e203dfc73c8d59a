import { readdirSync, statSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import type { ProcessDetail, ProcessKey } from '../contract/processes.js';
import type { IdNames } from '../procfs/id-names.js';
import { readPageSize } from '../procfs/page-size.js';
import { guessContainer, parseCgroup, systemdUnit } from '../procfs/parse-cgroup.js';
import { joinCmdline, parseCmdline } from '../procfs/parse-cmdline.js';
import { parseIo } from '../procfs/parse-io.js';
import { parseLimits } from '../procfs/parse-limits.js';
import { parseStatus } from '../procfs/parse-status.js';
import { bootTimeMs } from '../procfs/pid-files.js';
import { readProcLink, readProcText, textOrNull } from '../procfs/read.js';
import { clockTicks } from './host-facts.js';
import { readExe, readStatOf } from './read-target.js';

export interface DetailContext {
  procRoot: string;
  users: IdNames;
  groups: IdNames;
}

const text = (path: string): string | null => textOrNull(readProcText(path));

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
  const stat = readStatOf(ctx.procRoot, key.pid);
  if (!stat) throw new TriageError('ESRCH', `Process ${key.pid} already exited.`);
  if (stat.startTime !== key.startTime) {
    throw new TriageError(
      'PID_REUSED',
      `Process ${key.pid} is not the one you selected: that one exited and the number now belongs to ${stat.comm}.`,
    );
  }
  const ticks = clockTicks();
  const statusText = text(`${dir}/status`);
  const status = statusText ? parseStatus(statusText) : null;
  const argv = parseCmdline(text(`${dir}/cmdline`) ?? '');
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
  const cgroup = parseCgroup(text(`${dir}/cgroup`) ?? '');
  const limitsText = text(`${dir}/limits`);
  const ioText = text(`${dir}/io`);
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
    rss: stat.rssPages * readPageSize(ctx.procRoot),
    vsize: stat.vsize,
    swap: status?.swap ?? null,
    io: ioText ? parseIo(ioText) : null,
  };
}

function readLink(path: string): string | null {
  return textOrNull(readProcLink(path));
}
