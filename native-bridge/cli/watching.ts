import { TriageError } from '../contract/errors.js';
import { DEFAULT_VERDICT_OPTIONS } from '../memory/verdict.js';
import type { BackendTuning } from '../server/backend.js';
import { parseDuration } from './args.js';

/** What watch and leaks share: their backend's pace and span, the wait, and the progress line. */

/**
 * The verdict normally wants 10 s of data before it says anything. A run the user asked to be shorter
 * gets a verdict over most of what it asked for instead of none; the rate, rise and fit tests stay.
 */
export function verdictSpanFor(durationMs: number): number {
  return Math.min(DEFAULT_VERDICT_OPTIONS.minSpanMs, Math.max(2000, Math.floor(durationMs * 0.75)));
}

export function parseDurationOption(text: string | undefined, fallbackMs: number, what: string, minMs: number, maxMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDuration(text);
  if (ms < minMs || ms > maxMs) {
    throw new TriageError('INVALID_INPUT', `The ${what} must be between ${describeMs(minMs)} and ${describeMs(maxMs)} (got "${text}").`);
  }
  return ms;
}

function describeMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

/**
 * Resolves after `ms`, or earlier when `stopEarly` resolves or the user presses Ctrl-C. The timer is
 * what keeps the process alive: the sampling loop's own timer does not.
 */
export function waitFor(ms: number, stopEarly?: Promise<unknown>): Promise<'done' | 'interrupted' | 'ended'> {
  return new Promise((resolve) => {
    const finish = (how: 'done' | 'interrupted' | 'ended'): void => {
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      resolve(how);
    };
    const onInterrupt = (): void => finish('interrupted');
    const timer = setTimeout(() => finish('done'), ms);
    process.once('SIGINT', onInterrupt);
    void stopEarly?.then(() => finish('ended'));
  });
}

/** A one-line progress display on stderr, only when a person is looking at it. */
export function progressLine(): { update(text: string): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}


/** A backend for a run of `durationMs`: its interval, the whole run kept, the verdict over most of it. */
export function watchTuning(intervalMs: number, durationMs: number): BackendTuning {
  return {
    intervalMs,
    memoryWindowMs: Math.max(15 * 60_000, durationMs + 2 * intervalMs),
    verdictMinSpanMs: verdictSpanFor(durationMs),
  };
}
