import { statmRssPages } from '../procfs/parse-statm.js';
import { procPath, readExeName, readPidStat } from '../procfs/pid-files.js';
import { listPids, readProcBytes, readProcText } from '../procfs/read.js';

export interface NameMatch {
  pid: number;
  startTime: number;
  name: string;
  rssPages: number;
}

/**
 * A pattern matches a process when it occurs (case-insensitively) in its command name or in argv[0]'s
 * base name. Never the whole command line: `triage watch --name foo` would otherwise match itself.
 */
export function nameMatches(pattern: string, comm: string, exeName: string): boolean {
  const p = pattern.toLowerCase();
  return comm.toLowerCase().includes(p) || exeName.toLowerCase().includes(p);
}

/** Every live process matching the pattern, largest resident size first (what "that program" usually means). */
export function findByName(procRoot: string, pattern: string, excludePids: ReadonlySet<number>): NameMatch[] {
  const out: NameMatch[] = [];
  for (const pid of listPids(procRoot)) {
    if (excludePids.has(pid)) continue;
    const commRead = readProcText(procPath(procRoot, pid, 'comm'));
    if (!commRead.ok) continue;
    const comm = commRead.text.trimEnd();
    // argv[0] is only needed when the command name (cut at 15 characters) did not match.
    if (!nameMatches(pattern, comm, '') && !nameMatches(pattern, '', readExeName(procRoot, pid))) continue;
    const identity = readPidStat(procRoot, pid);
    if (!identity || identity.state === 'Z') continue;
    const statm = readProcBytes(procPath(procRoot, pid, 'statm'));
    if (!statm.ok) continue;
    const rssPages = statmRssPages(statm.bytes, statm.bytes.length);
    if (rssPages <= 0) continue; // kernel thread: no user memory to watch
    out.push({ pid, startTime: identity.startTime, name: identity.comm, rssPages });
  }
  return out.sort((a, b) => b.rssPages - a.rssPages || b.startTime - a.startTime);
}
