import { splitShellWords } from '../../app/shell-words.js';

/**
 * Pure: turns what the user typed into "Program and arguments" into an argv array. No shell ever sees
 * it: quotes group words and backslashes escape, but $VAR, *, ~, ; and | are passed on as they are.
 */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; error: string };

const PROBLEMS = {
  single: 'A single quote is not closed.',
  double: 'A double quote is not closed.',
  backslash: 'The line ends with a lone backslash; remove it or add the character it should escape.',
};

export function splitCommandLine(text: string): SplitResult {
  const split = splitShellWords(text, /\s/);
  if (!split.ok) return { ok: false, error: PROBLEMS[split.problem] };
  if (split.words.length === 0) return { ok: false, error: 'Type the program to run, for example /usr/bin/myprogram --config app.conf.' };
  return { ok: true, argv: split.words };
}
