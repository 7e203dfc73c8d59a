/**
 * Pure: command lines as the user types and reads them (the trace form, the core page's launch form and
 * its gdb command). Nothing here ever reaches a shell: quoting only decides where one argument ends and
 * the next begins, and `$(…)`, backticks, `;`, `*` or `~` stay literal characters of an argument.
 */

/** What makes a line unusable; each form words it its own way. */
export type ShellWordsProblem = 'single' | 'double' | 'backslash';

/**
 * Splits one line the way a POSIX shell splits words, without any expansion: `space` separates, '…'
 * keeps everything literal, "…" keeps everything but lets \" \\ \$ \` escape, and a backslash outside
 * quotes escapes the next character. A word exists once anything was typed for it, so "" is an (empty)
 * argument of its own.
 */
export function splitShellWords(text: string, space: RegExp): { ok: true; words: string[] } | { ok: false; problem: ShellWordsProblem } {
  const words: string[] = [];
  let word = '';
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
      if (i + 1 >= text.length) return { ok: false, problem: 'backslash' };
      word += text[++i];
      inWord = true;
    } else if (space.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, problem: quote === '"' ? 'double' : 'single' };
  if (inWord) words.push(word);
  return { ok: true, words };
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** How an argv array reads back, quoted only where needed: a POSIX shell reads it back unchanged. */
export function quoteForDisplay(argv: readonly string[]): string {
  return argv.map((a) => (SAFE_WORD.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
