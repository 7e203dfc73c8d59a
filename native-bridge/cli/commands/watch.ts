import { TriageError } from '../../contract/errors.js';
import { formatWatch } from '../format/memory.js';
import { formatBytes, formatDuration } from '../../memory/units.js';
import { parsePid } from '../args.js';
import { defineCommand } from '../define-command.js';
import { parseDurationOption, progressLine, waitFor, watchTuning } from '../watching.js';

const watchHelp = `Usage: triage watch (--pid PID | --name PATTERN) [--duration 60s] [--interval 1s] [--json]

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

export const watch = defineCommand({
  name: 'watch',
  help: watchHelp,
  options: {
    pid: { type: 'string' },
    name: { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": say which process with --pid PID or --name PATTERN.' },
  run: async ({ values }, { client }) => {
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
    const backend = client(watchTuning(intervalMs, durationMs));
    const progress = progressLine();
    try {
      const pin = await backend.call('memory.pin', request);
      const started = Date.now();
      if (pin.pid === null && 'namePattern' in request) {
        // Say it at once: otherwise the user waits the whole duration to learn nothing ran.
        process.stderr.write(`Nothing named "${request.namePattern}" is running yet; watching for it for ${formatDuration(durationMs)} (Ctrl-C stops).\n`);
      }
      // A watched pid that exits ends the run early: there is nothing more to sample.
      let unsubscribe: () => void = () => undefined;
      const exited = new Promise<void>((resolve) => {
        unsubscribe = backend.subscribe(
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
      const { pins } = await backend.call('memory.pins', {});
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
    }
  },
});
