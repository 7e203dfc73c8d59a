import { statSync } from 'node:fs';
import type { IdNames } from '../procfs/id-names.js';
import { readPidStat } from '../procfs/pid-files.js';

export interface ProcessFacts {
  pid: number;
  startTime: number;
  name: string;
  uid: number | null;
  user: string;
}

/**
 * Identity and names of the processes one sweep mentions, read once per sweep. The owner of /proc/PID is
 * the process's effective uid: one stat instead of parsing /proc/PID/status.
 */
export function createFactsReader(procRoot: string, users: IdNames): (pid: number) => ProcessFacts | null {
  const seen = new Map<number, ProcessFacts | null>();
  return (pid) => {
    const cached = seen.get(pid);
    if (cached !== undefined) return cached;
    const stat = readPidStat(procRoot, pid);
    let facts: ProcessFacts | null = null;
    if (stat) {
      let uid: number | null = null;
      try {
        uid = statSync(`${procRoot}/${pid}`).uid;
      } catch {
        // vanished: keep what stat said
      }
      facts = { pid, startTime: stat.startTime, name: stat.comm, uid, user: uid === null ? '?' : users.name(uid) };
    }
    seen.set(pid, facts);
    return facts;
  };
}
