import { joinCommandLine } from './argv.js';

/**
 * The interactive gdb on a core ("Continue in gdb") as copyable text for the user's own terminal; the
 * backend builds the same for Triage's terminal. Mirrors native-bridge/core/gdb-argv.ts (the renderer
 * may not import it; a test keeps the two equal): no init files, no auto-loaded scripts, no symbol
 * downloads, paths after --.
 */
export function gdbArgvFor(core: string, exe: string): string[] {
  return ['gdb', '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--', exe, core];
}

export function gdbCommandFor(core: string, exe: string): string {
  return joinCommandLine(gdbArgvFor(core, exe));
}
