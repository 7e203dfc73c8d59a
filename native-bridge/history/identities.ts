import type Database from 'better-sqlite3';
import { textOf } from './texts.js';

/** A recorded process's fixed facts (procs table). */
export interface Identity {
  id: number;
  pid: number;
  start_time: number;
  started_at: number;
  ppid: number;
  uid: number | null;
  user: string;
  name: string;
  cmdline: string;
}

/** The identities of these ids, read in chunks (SQLite limits the number of parameters). */
export function identitiesOf(db: Database.Database, ids: Iterable<number>): Map<number, Identity> {
  const all = [...new Set(ids)];
  const out = new Map<number, Identity>();
  for (let i = 0; i < all.length; i += 500) {
    const chunk = all.slice(i, i + 500);
    const rows = db
      .prepare<number[], Omit<Identity, 'cmdline'> & { cmd: string | Buffer | null }>(
        `SELECT p.id, p.pid, p.start_time, p.started_at, p.ppid, p.uid, p.user, p.name, t.text AS cmd FROM procs p LEFT JOIN texts t ON t.id = p.cmd WHERE p.id IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(...chunk);
    for (const { cmd, ...row } of rows) out.set(row.id, { ...row, cmdline: textOf(cmd) });
  }
  return out;
}
