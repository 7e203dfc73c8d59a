import { readFileSync } from 'node:fs';
import { listPids, procPath, readExeName, readStatIdentity } from './proc-files.js';

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
    let comm: string;
    try {
      comm = readFileSync(procPath(procRoot, pid, 'comm'), 'latin1').trimEnd();
    } catch {
      continue;
    }
    // argv[0] is only needed when the command name (cut at 15 characters) did not match.
    if (!nameMatches(pattern, comm, '') && !nameMatches(pattern, '', readExeName(procRoot, pid))) continue;
    const identity = readStatIdentity(procRoot, pid);
    if (!identity || identity.state === 'Z') continue;
    let rssPages = 0;
    try {
      rssPages = Number(readFileSync(procPath(procRoot, pid, 'statm'), 'latin1').split(' ', 2)[1]) || 0;
    } catch {
      continue;
    }
    if (rssPages === 0) continue; // kernel thread: no user memory to watch
    out.push({ pid, startTime: identity.startTime, name: identity.comm, rssPages });
  }
  return out.sort((a, b) => b.rssPages - a.rssPages || b.startTime - a.startTime);
}
