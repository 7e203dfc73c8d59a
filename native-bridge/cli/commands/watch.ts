import { memoryContract, type MemoryContract } from '../../contract/memory.js';
import { TriageError } from '../../contract/errors.js';
import type { ContractClient } from '../../contract/define.js';
import { formatWatch } from '../../memory/format.js';
import { createMemoryService, type MemoryService } from '../../memory/service.js';
import { DEFAULT_VERDICT_OPTIONS } from '../../memory/verdict.js';
import { formatBytes, formatDuration } from '../../memory/units.js';
import { createInProcessClient } from '../../server/transports/in-process.js';
import { parseCommandArgs, parseDuration } from '../args.js';

export const watchHelp = `Usage: triage watch (--pid PID | --name PATTERN) [--duration 60s] [--interval 1s] [--json]

Sample one process's memory for a while, then print the series and the verdict: growing (a leak
suspect, with its rate in MiB/min), stable after warm-up, stable or shrinking.

  --pid PID          the process to watch
  --name PATTERN     a program name (case-insensitive); a restarted program is followed and marked
  --duration TIME    how long to watch (default 60s; examples: 30s, 5m)
  --interval TIME    time between samples (default 1s; 100ms to 60s)
  --json             print the watched process as JSON: the same object the UI receives

Ctrl-C stops early and prints what was gathered so far.`;

const MAX_DURATION_MS = 24 * 3_600_000;
const MAX_SAMPLES = 100_000;
const PID_MAX = 4_194_304;

/**
 * The verdict normally wants 10 s of data before it says anything. A run the user asked to be shorter
 * gets a verdict over most of what it asked for instead of none; the rate, rise and fit tests stay.
 */
export function verdictSpanFor(durationMs: number): number {
  return Math.min(DEFAULT_VERDICT_OPTIONS.minSpanMs, Math.max(2000, Math.floor(durationMs * 0.75)));
}

export interface MemoryRuntime {
  service: MemoryService;
  client: ContractClient<MemoryContract>;
  close(): void;
}

/**
 * The memory service alone, behind the contract's own validation (the in-process transport): the CLI
 * needs neither the system sampler nor the process table, and sets its own interval and window without
 * touching the user's saved settings.
 */
export function openMemoryRuntime(options: { intervalMs: number; durationMs: number }): MemoryRuntime {
  const service = createMemoryService({
    intervalMs: options.intervalMs,
    selfPid: process.pid,
    // Keep the whole run: the series printed at the end covers all of it.
    windowMs: Math.max(15 * 60_000, options.durationMs + 2 * options.intervalMs),
    verdict: { minSpanMs: verdictSpanFor(options.durationMs) },
    onError: () => undefined,
  });
  const { client, close } = createInProcessClient(memoryContract, service);
  return {
    service,
    client,
    close() {
      close();
      service.control.dispose();
    },
  };
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

export function parsePid(text: string): number {
  const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(pid) || pid < 1 || pid > PID_MAX) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a process id (a whole number such as 1234).`);
  }
  return pid;
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

export async function watchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    pid: { type: 'string' },
    name: { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${watchHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    throw new TriageError('INVALID_INPUT', `Unexpected argument "${positionals[0]}": say which process with --pid PID or --name PATTERN.`);
  }
  if ((values.pid === undefined) === (values.name === undefined)) {
    throw new TriageError(
      'INVALID_INPUT',
      values.pid === undefined
        ? 'Say which process to watch: --pid PID or --name PATTERN.'
        : 'Give either --pid or --name, not both.',
    );
  }
  const durationMs = parseDurationOption(values.duration, 60_000, 'duration', 1000, MAX_DURATION_MS);
  const intervalMs = parseDurationOption(values.interval, 1000, 'interval', 100, 60_000);
  if (intervalMs > durationMs) {
    throw new TriageError('INVALID_INPUT', 'The interval must not be longer than the duration: nothing would be sampled.');
  }
  if (durationMs / intervalMs > MAX_SAMPLES) {
    throw new TriageError('INVALID_INPUT', `That would take more than ${MAX_SAMPLES.toLocaleString('en-US')} samples; use a longer --interval.`);
  }
  const request: { pid: number } | { namePattern: string } =
    values.pid !== undefined ? { pid: parsePid(values.pid) } : { namePattern: values.name ?? '' };
  if ('namePattern' in request && request.namePattern.trim() === '') {
    throw new TriageError('INVALID_INPUT', 'The name pattern is empty: give part of a program name, such as --name firefox.');
  }

  const label = 'pid' in request ? `pid ${request.pid}` : `"${request.namePattern}"`;
  const runtime = openMemoryRuntime({ intervalMs, durationMs });
  const progress = progressLine();
  try {
    const pin = await runtime.client.call('memory.pin', request);
    const started = Date.now();
    if (pin.pid === null && 'namePattern' in request) {
      // Say it at once: otherwise the user waits the whole duration to learn nothing ran.
      process.stderr.write(`Nothing named "${request.namePattern}" is running yet; watching for it for ${formatDuration(durationMs)} (Ctrl-C stops).\n`);
    }
    // A watched pid that exits ends the run early: there is nothing more to sample.
    let unsubscribe: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => {
      unsubscribe = runtime.client.subscribe(
        'memory.stream',
        {},
        {
          next(message) {
            if (message.kind !== 'tick') return;
            const update = message.pins.find((p) => p.pinId === pin.pinId);
            if (!update) return;
            if (update.point) {
              const elapsed = Math.round((Date.now() - started) / 1000);
              progress.update(`Watching ${pin.name ?? label}: ${elapsed} s of ${Math.round(durationMs / 1000)} s, RSS ${formatBytes(update.point.rssBytes)}`);
            }
            if (update.status === 'exited') resolve();
          },
          error: () => resolve(),
        },
      );
    });
    const how = await waitFor(durationMs, exited);
    unsubscribe();
    progress.end();
    const { pins } = await runtime.client.call('memory.pins', {});
    const final = pins.find((p) => p.pinId === pin.pinId) ?? pin;
    if (how === 'interrupted') process.stderr.write('Stopped early: showing what was gathered so far.\n');
    if (final.series.length === 0 && 'namePattern' in request) {
      // Nothing ever matched: not a result, a failure a script must see.
      if (values.json) process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
      process.stderr.write(`triage watch: No process named "${request.namePattern}" ran during the ${formatDuration(Date.now() - started)} watched; nothing was measured.\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(final, null, 2)}\n` : `${formatWatch(final)}\n`);
    return 0;
  } finally {
    progress.end();
    runtime.close();
  }
}
