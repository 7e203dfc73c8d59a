import type { CoreDebugInfoNote, CoreStackFrame } from '../contract/core.js';

export interface ProgramSymbols {
  path: string;
  hasDebugInfo: boolean;
  hasSymbols: boolean;
}

/**
 * Pure: says which objects in the stack lack symbols and what to install or enable for them. A live
 * backtrace has no core to reopen and shows no disassembly, so its advice says neither.
 */
export function debugInfoNote(frames: readonly CoreStackFrame[], program: ProgramSymbols | null, kind: 'core' | 'live' = 'core'): CoreDebugInfoNote {
  const objects = new Set<string>();
  for (const f of frames) {
    if (f.function === null) objects.add(f.library ?? program?.path ?? 'the program');
  }
  const programLacks = program !== null && !program.hasDebugInfo;
  if (programLacks) objects.add(program.path);
  if (objects.size === 0) return { missing: false, objects: [], advice: null };

  const parts: string[] = [];
  if (program && objects.has(program.path)) {
    const what = program.hasSymbols
      ? 'was built without debug information, so there are function names but no source files or lines'
      : 'has no debug symbols (it was stripped or built without -g), so only addresses can be shown';
    const fix = isPackaged(program.path)
      ? `Install its debug symbols: find the package with "dpkg -S ${program.path}", then install PACKAGE-dbgsym (or the -dbg package) from the debug archive, or enable debuginfod (export DEBUGINFOD_URLS=https://debuginfod.debian.net) and ${kind === 'core' ? 'open the core in gdb' : 'take the backtrace again'}.`
      : 'Rebuild it with -g and without strip (or keep a copy of the unstripped build) to see function names, files and lines.';
    parts.push(`The program ${program.path} ${what}. ${fix}`);
  }
  const libraries = [...objects].filter((o) => o !== program?.path);
  if (libraries.length > 0) {
    parts.push(
      `No symbols for: ${libraries.join(', ')}. Install their -dbgsym or -dbg packages (for example libc6-dbg) or enable debuginfod.`,
    );
  }
  if (kind === 'core') parts.push('The disassembly around the faulting instruction is shown instead.');
  return { missing: true, objects: [...objects], advice: parts.join(' ') };
}

function isPackaged(path: string): boolean {
  return /^\/(usr\/)?(s?bin|lib|lib64|libexec)\//.test(path);
}
