import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Resolves a program the way execvp would, but once and up front, so a missing program becomes a clear
 * message instead of a terminal that closes at once. Names with a '/' are taken relative to cwd.
 */
export function findExecutable(name: string, pathEnv: string | undefined, cwd: string = process.cwd()): string | null {
  const usable = (candidate: string): boolean => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    const full = isAbsolute(name) ? name : resolve(cwd, name);
    return usable(full) ? full : null;
  }
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    // An empty or relative PATH entry would make the current directory searchable: skip it.
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (usable(candidate)) return candidate;
  }
  return null;
}
