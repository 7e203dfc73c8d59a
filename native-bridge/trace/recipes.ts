import type { RecipeId, RecipeInfo } from '../contract/trace.js';

/** The troubleshooting method's first questions, each a preset of tracer options. */
export const RECIPES: readonly RecipeInfo[] = [
  {
    id: 'fails-silently',
    title: 'Why does it fail silently?',
    description: 'Traces every system call and lists what failed, most telling first, and why the program ended.',
    tool: 'strace',
    mode: 'either',
    tracerArgs: [],
    focus: 'failures',
  },
  {
    id: 'files',
    title: 'Which files does it open?',
    description: 'Traces file and file-descriptor calls: every path it opens, checks, reads or writes, with results.',
    tool: 'strace',
    mode: 'either',
    tracerArgs: ['-e', 'trace=%file,%desc,%process'],
    focus: 'files',
  },
  {
    id: 'network',
    title: 'What network calls does it make?',
    description: 'Traces socket calls: where it connects, listens and sends, and which connections fail.',
    tool: 'strace',
    mode: 'either',
    // Waits and close too: a non-blocking connect that times out shows only as polls that time out, then close.
    tracerArgs: ['-e', 'trace=%network,%process,close,poll,ppoll,select,pselect6'],
    focus: 'network',
  },
  {
    id: 'waiting',
    title: 'What is it waiting on?',
    description: 'Attaches to a running process and shows the call it is blocked in and how long calls take.',
    tool: 'strace',
    mode: 'attach',
    tracerArgs: [],
    focus: 'inFlight',
  },
  {
    id: 'library-calls',
    title: 'Which library calls does it make?',
    description: 'Traces calls into shared libraries (ltrace): getenv, fopen, strcmp and friends.',
    tool: 'ltrace',
    mode: 'either',
    tracerArgs: [],
    focus: 'summary',
  },
];

export function recipe(id: RecipeId): RecipeInfo {
  return RECIPES.find((r) => r.id === id)!;
}

/** strace options every trace uses: follow forks, wall-clock µs, time in calls, fd paths, long strings. */
export const STRACE_BASE = ['-f', '-tt', '-T', '-yy', '-s', '4096'];
export const LTRACE_BASE = ['-f', '-tt', '-T'];

/**
 * The tracer's argv (without the program), with the capture path after `-o`. The path comes from
 * mkdtemp and is absolute: strace treats an -o value starting with '|' or '!' as a command to run.
 */
export function tracerArgs(id: RecipeId, capturePath: string, attachPid: number | null): string[] {
  if (!capturePath.startsWith('/')) throw new Error('capture path must be absolute');
  const r = recipe(id);
  const base = r.tool === 'ltrace' ? LTRACE_BASE : STRACE_BASE;
  const target = attachPid === null ? [] : ['-p', String(attachPid)];
  return [...base, ...r.tracerArgs, '-o', capturePath, ...target];
}
