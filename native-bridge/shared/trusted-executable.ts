import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, normalize } from 'node:path';

// Whether an executable may be run as root: the administrator helper (processes/) and, when Triage itself runs
// as root, its sock_diag helper (netfiles/). Nothing another user could have planted or replaced is ever run as root.

/** The part of fs.Stats the check reads, so tests can feed real lstat results of temp dirs or recorded ones. */
export interface LstatLike {
  uid: number;
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}
export type Lstat = (path: string) => LstatLike;

export type HelperTrust = { ok: true; path: string } | { ok: false; missing: boolean; problem: string };

const WRITABLE_BY_OTHERS = 0o022;

/**
 * Whether `path` is safe to run as root: a regular file (no symlink anywhere on the way), and it and every
 * folder above it owned by root and writable by nobody else, so no other user could have planted or
 * replaced it. Pure apart from the injected lstat.
 */
export function checkHelperTrust(path: string, lstat: Lstat = lstatSync): HelperTrust {
  if (!isAbsolute(path) || normalize(path) !== path) return { ok: false, missing: false, problem: `${path} is not an absolute, normalised path.` };
  let file: LstatLike;
  try {
    file = lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, problem: `${path} does not exist.` };
    return { ok: false, missing: false, problem: `${path} cannot be checked (${code ?? String(error)}).` };
  }
  if (file.isSymbolicLink()) return { ok: false, missing: false, problem: `${path} is a symbolic link.` };
  if (!file.isFile()) return { ok: false, missing: false, problem: `${path} is not a regular file.` };
  const fileProblem = ownershipProblem(path, file);
  if (fileProblem) return { ok: false, missing: false, problem: fileProblem };
  if ((file.mode & 0o100) === 0) return { ok: false, missing: false, problem: `${path} is not executable.` };
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    let st: LstatLike;
    try {
      st = lstat(dir);
    } catch (error) {
      return { ok: false, missing: false, problem: `${dir} cannot be checked (${(error as NodeJS.ErrnoException).code ?? String(error)}).` };
    }
    if (st.isSymbolicLink()) return { ok: false, missing: false, problem: `${dir} is a symbolic link.` };
    if (!st.isDirectory()) return { ok: false, missing: false, problem: `${dir} is not a folder.` };
    const problem = ownershipProblem(dir, st);
    if (problem) return { ok: false, missing: false, problem };
    if (dir === '/') break;
  }
  return { ok: true, path };
}

function ownershipProblem(path: string, st: LstatLike): string | null {
  if (st.uid !== 0) return `${path} is owned by uid ${st.uid}, not root.`;
  if ((st.mode & WRITABLE_BY_OTHERS) !== 0) return `${path} is writable by ${st.mode & 0o002 ? 'every user' : 'its group'} (mode ${(st.mode & 0o7777).toString(8)}).`;
  return null;
}

