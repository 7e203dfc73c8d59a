import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

// The system directories come first so a writable directory early in the user's PATH cannot shadow kill/ionice.
const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const cache = new Map<string, string | null>();

/** Absolute path of a tool, looked up once per process; null when it is not installed. */
export function findTool(name: string, pathEnv: string = process.env.PATH ?? ''): string | null {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const dirs = [...SYSTEM_DIRS, ...pathEnv.split(':').filter((d) => d.startsWith('/'))];
  let found: string | null = null;
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) {
        found = candidate;
        break;
      }
    } catch {
      // not here
    }
  }
  cache.set(name, found);
  return found;
}
