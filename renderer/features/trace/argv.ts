import { splitShellWords } from '../../app/shell-words.js';

/**
 * What the user types in the start form, turned into an argv array and an environment. Nothing here
 * ever reaches a shell: quoting only decides where one argument ends and the next begins, and `$(…)`,
 * backticks, `;` or `*` stay literal characters of an argument.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const PROBLEMS = {
  single: "A single quote (') is not closed.",
  double: 'A double quote (") is not closed.',
  backslash: 'The line ends with a backslash that escapes nothing.',
};

/**
 * The arguments box: several lines mean one argument per line, taken verbatim (spaces and quotes
 * included; blank lines skipped); a single line is split like a shell would split it (splitShellWords).
 */
export function parseArgumentsField(text: string): Parsed<string[]> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const filled = lines.filter((l) => l.length > 0);
  if (lines.length > 1 && filled.length > 1) return { ok: true, value: filled };
  const split = splitShellWords(filled[0] ?? '', /[ \t\n\r]/);
  return split.ok ? { ok: true, value: split.words } : { ok: false, error: PROBLEMS[split.problem] };
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
