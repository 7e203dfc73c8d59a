import { TriageError } from '../contract/triage-error.js';
import { parseDuration } from './args.js';

/** The shortest and longest measuring window of a one-shot command (the bounds of processes.list's windowMs). */
const MIN_MS = 100;
const MAX_MS = 60_000;

/** `--interval`: "200ms", "0.5s", or a bare number of seconds ("1"), as top -d and vmstat read it. */
export function parseInterval(text: string | undefined, defaultMs: number): number {
  if (text === undefined) return defaultMs;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    throw new TriageError('INVALID_INPUT', `--interval must be a time such as 200ms or 1s, not "${text}".`);
  }
  if (ms < MIN_MS || ms > MAX_MS) {
    throw new TriageError('INVALID_INPUT', `--interval must be from ${MIN_MS}ms to ${MAX_MS / 1000}s, not "${text}".`);
  }
  return ms;
}
