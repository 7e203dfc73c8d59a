import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import type { FileType, OpenFile, OpenFilesResult } from '../contract/netfiles.js';
import { readProcText, textOrNull, whyOf } from '../procfs/read.js';
import { parseFdinfo } from './parse-fdinfo.js';
import { parseFdTarget } from './parse-fd-target.js';
import type { ProcessFacts } from './process-facts.js';

/** The process a caller names, checked against its start time so a reused pid is never mistaken for it. */
export function requireProcess(pid: number, startTime: number | undefined, facts: (pid: number) => ProcessFacts | null): ProcessFacts {
  const f = facts(pid);
  if (!f) throw new TriageError('ESRCH', `Process ${pid} is not running (it may already have exited).`);
  if (startTime !== undefined && f.startTime !== startTime) {
    throw new TriageError('PID_REUSED', `Process ${pid} has exited; its number now belongs to another program (${f.name}).`);
  }
  return f;
}

function refineType(path: string, guess: FileType): FileType {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return 'directory';
    if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
    if (st.isFIFO()) return 'pipe';
    return guess === 'device' ? 'file' : guess;
  } catch {
    return guess; // deleted, or a device we may not stat
  }
}

/** Every open descriptor of one process: what it points at, how it was opened (r/w/rw) and where it is. */
export function listOpenFiles(procRoot: string, pid: number, startTime: number | undefined, facts: (pid: number) => ProcessFacts | null): OpenFilesResult {
  const owner = requireProcess(pid, startTime, facts);
  const dir = `${procRoot}/${pid}/fd`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const why = whyOf(error);
    if (why === 'denied') {
      throw new TriageError('EPERM', `The open files of ${owner.name} (pid ${pid}) belong to another user; run Triage with administrator rights (pkexec) to see them.`);
    }
    throw new TriageError('ESRCH', `Process ${pid} exited while Triage was reading its open files.`);
  }
  const files: OpenFile[] = [];
  const countsByType: Record<string, number> = {};
  for (const name of names) {
    let link: string;
    try {
      link = readlinkSync(`${dir}/${name}`);
    } catch {
      continue;
    }
    const target = parseFdTarget(link);
    const type = target.type === 'file' || target.type === 'device' ? (target.deleted ? target.type : refineType(`${dir}/${name}`, target.type)) : target.type;
    const info = textOrNull(readProcText(`${procRoot}/${pid}/fdinfo/${name}`));
    const fdinfo = info === null ? null : parseFdinfo(info);
    files.push({
      fd: Number(name),
      type,
      target: link,
      path: target.path,
      deleted: target.deleted,
      mode: fdinfo?.mode ?? null,
      position: type === 'file' && fdinfo ? fdinfo.position : null,
      inode: target.inode,
    });
    countsByType[type] = (countsByType[type] ?? 0) + 1;
  }
  files.sort((a, b) => a.fd - b.fd);
  return { pid, startTime: owner.startTime, name: owner.name, user: owner.user, files, countsByType };
}
