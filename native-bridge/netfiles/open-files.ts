import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import type { FileType, OpenFile, OpenFilesResult } from '../contract/netfiles.js';
import { readProcText, textOrNull, whyOf } from '../procfs/read.js';
import { explainDenial } from '../procfs/access-denial.js';
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

/**
 * Every open descriptor of one process: what it points at, how it was opened (r/w/rw) and where it is.
 * What could not be read is said, with why (`unreadable`), never shown as an empty list.
 */
export function listOpenFiles(procRoot: string, pid: number, startTime: number | undefined, facts: (pid: number) => ProcessFacts | null): OpenFilesResult {
  const owner = requireProcess(pid, startTime, facts);
  const dir = `${procRoot}/${pid}/fd`;
  const base = { pid, startTime: owner.startTime, name: owner.name, user: owner.user };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (whyOf(error) === 'denied') {
      return { ...base, files: [], countsByType: {}, unreadable: { ...explainDenial(procRoot, pid, 'open files'), descriptors: null } };
    }
    throw new TriageError('ESRCH', `Process ${pid} exited while Triage was reading its open files.`);
  }
  const files: OpenFile[] = [];
  const countsByType: Record<string, number> = {};
  let denied = 0;
  for (const name of names) {
    let link: string;
    try {
      link = readlinkSync(`${dir}/${name}`);
    } catch (error) {
      // Listing the numbers is allowed where reading the links is not (a more privileged process).
      if (whyOf(error) === 'denied') denied++;
      continue; // otherwise closed between readdir and readlink
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
  let unreadable: OpenFilesResult['unreadable'] = null;
  if (denied > 0) unreadable = { ...explainDenial(procRoot, pid, 'open files'), descriptors: denied };
  else if (names.length === 0) {
    // A kernel thread has no descriptor table: say so rather than "no open files".
    const why = explainDenial(procRoot, pid, 'open files');
    if (why.reason === 'kernel-thread') unreadable = { ...why, descriptors: 0 };
  }
  return { ...base, files, countsByType, unreadable };
}
