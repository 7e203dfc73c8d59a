import { isAbsolute } from 'node:path';
import { interactiveGdbArgv } from '../common/core-gdb.js';
import { TriageError } from '../contract/errors.js';

/**
 * Pure: argv (argv[0] is gdb) for an interactive gdb on a core, for "Continue in gdb" in the terminal
 * view; the protections are in interactiveGdbArgv, shared with the UI's copyable command. Here the paths
 * are checked first. Run it with a private working folder and a clean environment (see cleanToolEnv).
 */
export function coreGdbArgv(core: string, exe: string, gdbPath = 'gdb'): string[] {
  for (const [what, p] of [['core', core], ['program', exe]] as const) {
    if (!isAbsolute(p) || p.includes('\0')) throw new TriageError('INVALID_INPUT', `The ${what} path must be absolute: ${p}`);
  }
  return interactiveGdbArgv(core, exe, gdbPath);
}
