/**
 * argv (argv[0] is gdb) for an interactive gdb on a core, for "Continue in gdb": the backend runs it in
 * Triage's terminal, the UI shows it as copyable text. No init files, no auto-loaded scripts, no network
 * symbol fetching; the paths go after "--" so neither can be read as an option. Pure: the backend checks
 * the paths before running it.
 */
export function interactiveGdbArgv(core: string, exe: string, gdbPath = 'gdb'): string[] {
  return [gdbPath, '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--', exe, core];
}
