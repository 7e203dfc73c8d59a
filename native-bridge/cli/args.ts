import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TriageError } from '../contract/errors.js';

/** node:util parseArgs, with its errors turned into one plain sentence for the user. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TriageError('INVALID_INPUT', error instanceof Error ? error.message : String(error));
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
