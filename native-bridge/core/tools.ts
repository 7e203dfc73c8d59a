import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TriageError } from '../contract/errors.js';

/** The Debian package that brings each tool, for the TOOL_MISSING sentence. */
const PACKAGES: Record<string, string> = {
  gdb: 'gdb',
  gcore: 'gdb',
  prlimit: 'util-linux',
  coredumpctl: 'systemd-coredump',
  'eu-stack': 'elfutils',
};

const STANDARD_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const cache = new Map<string, string | null>();

/** Absolute path of a tool on PATH (plus the standard folders), looked up once per process. */
export function findTool(name: string, pathEnv: string | undefined = process.env.PATH): string | null {
  const key = `${name}\0${pathEnv ?? ''}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  let found: string | null = null;
  const dirs = [...(pathEnv ?? '').split(delimiter).filter((d) => d.startsWith('/')), ...STANDARD_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      found = candidate;
      break;
    } catch {
      // not in this folder
    }
  }
  cache.set(key, found);
  return found;
}

/** Like findTool, but a missing tool is a TOOL_MISSING error with the install command. */
export function requireTool(name: string): string {
  const path = findTool(name);
  if (path) return path;
  const pkg = PACKAGES[name] ?? name;
  throw new TriageError('TOOL_MISSING', `${name} is not installed. Install it with: sudo apt-get install ${pkg}`);
}

/** The environment every helper tool runs with: nothing inherited from the user's shell. */
export function cleanToolEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', TERM: 'dumb' };
}
