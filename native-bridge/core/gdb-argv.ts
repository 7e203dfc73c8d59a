import { isAbsolute } from 'node:path';
import { TriageError } from '../contract/errors.js';

/**
 * Pure: argv (argv[0] is gdb) for an interactive gdb on a core, for "Continue in gdb" in the terminal
 * view. Same protections as the batch analysis: no init files, no auto-loaded scripts, no network
 * symbol fetching; the paths go after "--" so neither can be read as an option. Run it with a private
 * working folder and a clean environment (see cleanToolEnv).
 */
export function coreGdbArgv(core: string, exe: string, gdbPath = 'gdb'): string[] {
  for (const [what, p] of [['core', core], ['program', exe]] as const) {
    if (!isAbsolute(p) || p.includes('\0')) throw new TriageError('INVALID_INPUT', `The ${what} path must be absolute: ${p}`);
  }
  return [gdbPath, '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--', exe, core];
}
