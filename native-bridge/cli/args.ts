import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TriageError } from '../contract/triage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A string option followed by a negative number ("--limit -1") is the user giving a (bad) value, not
 * forgetting one: join them so the option's own check answers ("--limit must be … not "-1"") instead of
 * Node's advice about "--limit=-XYZ".
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    const next = argv[i + 1];
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Node's parseArgs errors, as one plain sentence each (its own text advises "--" and "=-XYZ"). */
export function optionErrorSentence(error: unknown, argv: readonly string[]): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `"${option}" is not an option of this command.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `${option} takes no value.`;
    const at = argv.indexOf(option);
    const next = at >= 0 ? argv[at + 1] : undefined;
    return next === undefined ? `${option} needs a value.` : `${option} needs a value (got the option "${next}" instead).`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'This command takes no arguments besides its options.';
  return message.split('\n')[0] ?? message;
}

/** node:util parseArgs, with its errors turned into one plain sentence for the user. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TriageError('INVALID_INPUT', optionErrorSentence(error, argv));
  }
}

/** "60s", "2m", "500ms", "90" (seconds) → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new TriageError('INVALID_INPUT', `"${text}" is not a duration (examples: 500ms, 60s, 5m).`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(value * factor);
}

/** The kernel's largest pid (contract/processes.ts PID_MAX; repeated so this file does not load the schemas). */
const PID_MAX = 4_194_304;

/** A process id argument: a whole number from 1 to pid_max, or one sentence. Never 0 or -1 (kill(0/-1) signals groups). */
export function parsePid(text: string | undefined): number {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the process id (pid), a whole number such as 1234.');
  const pid = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(pid >= 1 && pid <= PID_MAX)) throw new TriageError('INVALID_INPUT', `"${text}" is not a process id: a pid is a whole number from 1 to ${PID_MAX}.`);
  return pid;
}

/** `--limit N`: a whole number from 1 to `max`; undefined when not given. */
export function parseLimit(text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new TriageError('INVALID_INPUT', `--limit must be a whole number from 1 to ${max}, not "${text}".`);
  }
  return Number(text);
}
