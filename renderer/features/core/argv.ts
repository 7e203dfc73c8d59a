/**
 * Pure: turns what the user typed into "Program and arguments" into an argv array. No shell ever sees
 * it: quotes group words and backslashes escape, but $VAR, *, ~, ; and | are passed on as they are.
 */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; error: string };

export function splitCommandLine(text: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  // A word exists once anything was typed for it, so "" is an (empty) argument of its own.
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { ok: false, error: 'The line ends with a lone backslash; remove it or add the character it should escape.' };
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `A ${quote === '"' ? 'double' : 'single'} quote is not closed.` };
  if (inWord) argv.push(word);
  if (argv.length === 0) return { ok: false, error: 'Type the program to run, for example /usr/bin/myprogram --config app.conf.' };
  return { ok: true, argv };
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Pure: one argument as a POSIX shell reads it back unchanged (for text the user copies into a terminal). */
export function quoteArg(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function joinCommandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
