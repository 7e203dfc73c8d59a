import { readFileSync } from 'node:fs';
import type { ChangeSourceStatus } from '../contract/changes.js';

export type SourceRead<T> = { status: 'read'; value: T; why: string | null } | { status: Exclude<ChangeSourceStatus, 'read'>; why: string };

/** Why an error means the source is absent, not allowed, or broken: the user needs to know which. */
export function failure(error: unknown, what: string): { status: Exclude<ChangeSourceStatus, 'read'>; why: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent', why: `${what} does not exist on this machine` };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied', why: `not allowed to read ${what} (an administrator can)` };
  return { status: 'error', why: `could not read ${what}: ${(error as Error).message}` };
}

/** Reading never loads more than the newest part of a huge log. */
const MAX_BYTES = 16 * 1024 * 1024;

/** A log file's text; a rotated companion (".1") that is missing is not a failure of the source. */
export function readLog(path: string): SourceRead<string> {
  try {
    const text = readFileSync(path, 'utf8');
    return { status: 'read', value: text.length > MAX_BYTES ? text.slice(-MAX_BYTES) : text, why: null };
  } catch (error) {
    return failure(error, path);
  }
}

/** The current log and, when present, the one rotated before it (older ones are compressed and left out). */
export function readLogWithRotated(path: string): SourceRead<string> {
  const current = readLog(path);
  if (current.status !== 'read') return current;
  const rotated = readLog(`${path}.1`);
  return rotated.status === 'read' ? { ...current, value: `${rotated.value}\n${current.value}` } : current;
}
