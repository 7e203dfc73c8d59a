import { closeSync, constants, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { parsePidStatBytes } from '../procfs/parse-pid-stat.js';
import { readProcBytes } from '../procfs/read.js';

/** Who holds the recorder's lock: a pid and that process's start time (so a reused pid is not taken for it). */
export interface LockOwner {
  pid: number;
  startTime: number;
}

export type LockResult = { ok: true; release(): void } | { ok: false; owner: LockOwner };

function startTimeOf(pid: number): number | null {
  const read = readProcBytes(`/proc/${pid}/stat`);
  return read.ok ? (parsePidStatBytes(read.bytes)?.startTime ?? null) : null;
}

function readOwner(path: string): LockOwner | null {
  try {
    const [pid, startTime] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(pid) && pid! > 0 && Number.isInteger(startTime) ? { pid: pid!, startTime: startTime! } : null;
  } catch {
    return null;
  }
}

/** The owner still runs: same pid, same start time (a pid reused by another program does not count). */
function alive(owner: LockOwner): boolean {
  return startTimeOf(owner.pid) === owner.startTime;
}

/**
 * One recorder per user and database: a lock file holding "pid startTime". A lock whose owner no longer
 * runs (killed, crashed) is taken over. The takeover writes a temporary file and renames it over the lock,
 * then reads it back: of two recorders starting in the same instant, the one that reads someone else's pid
 * backs off. (SQLite serialises writers anyway, so even a lost race cannot damage the file.)
 */
export function acquireLock(path: string, self: number = process.pid): LockResult {
  const me: LockOwner = { pid: self, startTime: startTimeOf(self) ?? 0 };
  const text = `${me.pid} ${me.startTime}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      return { ok: true, release: () => releaseLock(path, me) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner && owner.pid === me.pid && owner.startTime === me.startTime) return { ok: true, release: () => releaseLock(path, me) };
    if (owner && alive(owner)) return { ok: false, owner };
    // Stale (or unreadable, half-written by a crash): replace it in one step.
    const temp = `${path}.${self}.tmp`;
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    const now = readOwner(path);
    if (now && now.pid === me.pid && now.startTime === me.startTime) return { ok: true, release: () => releaseLock(path, me) };
  }
  const owner = readOwner(path);
  return owner ? { ok: false, owner } : { ok: false, owner: { pid: 0, startTime: 0 } };
}

/** The running recorder of this lock, if any (for `triage record --status` in another process). */
export function lockOwner(path: string): LockOwner | null {
  const owner = readOwner(path);
  return owner && alive(owner) ? owner : null;
}

function releaseLock(path: string, me: LockOwner): void {
  const owner = readOwner(path);
  if (owner && owner.pid === me.pid && owner.startTime === me.startTime) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
