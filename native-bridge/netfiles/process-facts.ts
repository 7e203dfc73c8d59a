import { statSync } from 'node:fs';
import { parseStat } from '../processes/parse-stat.js';
import { readProcFile } from '../processes/read-proc-file.js';
import type { IdNames } from '../processes/user-names.js';

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
    const text = readProcFile(`${procRoot}/${pid}/stat`);
    const stat = typeof text === 'string' ? parseStat(text) : null;
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
