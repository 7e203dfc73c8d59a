import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where packaging installs the root helper; the polkit policy (assets/org.triage.workbench.policy) names this path. */
export const INSTALLED_HELPER = '/usr/lib/triage/triage-act';
const REPO_COPY = join('native-bridge', 'processes', 'privileged', 'triage-act.mjs');

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The installed helper when present, else (dev mode) the repo's copy, found from the running script and
 * the working directory; null when neither exists. Never a path the caller of the API chose.
 * (No import.meta here: the Electron main bundle is CommonJS.)
 */
export function findHelperPath(): string | null {
  if (isFile(INSTALLED_HELPER)) return INSTALLED_HELPER;
  const starts = [process.argv[1] ? dirname(resolve(process.argv[1])) : null, process.cwd()].filter((d): d is string => d !== null);
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 5; i++) {
      const candidate = join(dir, REPO_COPY);
      if (isFile(candidate)) return candidate;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}
