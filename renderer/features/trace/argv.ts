/**
 * What the user types in the start form, turned into an argv array and an environment. Nothing here
 * ever reaches a shell: quoting only decides where one argument ends and the next begins, and `$(…)`,
 * backticks, `;` or `*` stay literal characters of an argument.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Splits one line the way a POSIX shell splits words, without any expansion: whitespace separates,
 * '…' keeps everything literal, "…" keeps everything but lets \" \\ \$ \` escape, and a backslash
 * outside quotes escapes the next character.
 */
export function splitShellWords(line: string): Parsed<string[]> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: 'A single quote (\') is not closed.' };
      word += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { ok: false, error: 'A double quote (") is not closed.' };
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'The line ends with a backslash that escapes nothing.' };
      word += line[i + 1];
      i += 2;
      continue;
    }
    word += c;
    i++;
  }
  if (inWord) words.push(word);
  return { ok: true, value: words };
}

/**
 * The arguments box: several lines mean one argument per line, taken verbatim (spaces and quotes
 * included; blank lines skipped); a single line is split like a shell would split it.
 */
export function parseArgumentsField(text: string): Parsed<string[]> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const filled = lines.filter((l) => l.length > 0);
  if (lines.length > 1 && filled.length > 1) return { ok: true, value: filled };
  return splitShellWords(filled[0] ?? '');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Extra environment, one NAME=value per line; '#' lines and blank lines are skipped. */
export function parseEnvField(text: string): Parsed<Record<string, string>> {
  const env: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = eq < 0 ? line.trim() : line.slice(0, eq).trim();
    if (eq < 0) return { ok: false, error: `Line ${n + 1} of the environment needs the form NAME=value.` };
    if (!ENV_NAME.test(name)) {
      return { ok: false, error: `Line ${n + 1}: "${name}" is not a variable name (letters, digits and _, not starting with a digit).` };
    }
    // Assigning __proto__ would change the object's prototype instead of adding a variable.
    if (name === '__proto__') return { ok: false, error: `Line ${n + 1}: __proto__ cannot be used as a variable name here.` };
    if (Object.hasOwn(env, name)) return { ok: false, error: `Line ${n + 1}: ${name} is set twice.` };
    env[name] = line.slice(eq + 1);
  }
  return { ok: true, value: env };
}

/** A pid as typed in the attach box: digits only (no signs, exponents or spaces inside). */
export function parsePidField(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return { ok: false, error: 'Type the process id as a whole number, for example 1234.' };
  const pid = Number(t);
  if (pid < 2) return { ok: false, error: 'Process ids 0 and 1 cannot be traced from here.' };
  return { ok: true, value: pid };
}

/** How an argv array reads back, quoted only where needed, for the "will run" preview and copies. */
export function quoteForDisplay(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
