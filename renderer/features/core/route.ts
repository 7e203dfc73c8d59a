import { routeParams } from '../../app/router.js';

/**
 * Links into the core page: the process table opens "#/core?pid=1234" to show a live backtrace; a
 * recent-crash finding opens "#/core?q=/path/to/core" to analyse that core.
 */
export const MAX_PID = 4_194_304;

export type PidResult = { ok: true; pid: number } | { ok: false; error: string };

/** Pure: the pid typed by the user, checked the way the backend will check it. */
export function parsePid(text: string): PidResult {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: 'A process id is a whole number, such as 1234.' };
  const pid = Number(trimmed);
  if (pid < 1 || pid > MAX_PID) return { ok: false, error: `${trimmed} is not a valid process id (1 to ${MAX_PID}).` };
  return { ok: true, pid };
}

export function liveBacktraceHref(pid: number): string {
  return `#/core?pid=${pid}`;
}

/** The pid asked for by a "#/core?pid=N" link, or null. */
export function pidFromHash(hash: string): number | null {
  const value = routeParams(hash).get('pid');
  if (value === null) return null;
  const parsed = parsePid(value);
  return parsed.ok ? parsed.pid : null;
}

/** The core file asked for by a "#/core?q=/path" link (an absolute path only; the backend checks the rest), or null. */
export function corePathFromHash(hash: string): string | null {
  const value = routeParams(hash).get('q');
  return value !== null && value.startsWith('/') ? value : null;
}
