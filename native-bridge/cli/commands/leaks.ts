import { TriageError } from '../../contract/errors.js';
import { formatLeaks } from '../format/memory.js';
import { defineCommand } from '../define-command.js';
import { parseDurationOption, progressLine, waitFor, watchTuning } from '../watching.js';

const MAX_DURATION_MS = 24 * 3_600_000;

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 20;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new TriageError('INVALID_INPUT', `The limit must be a whole number from 1 to 200 (got "${text}").`);
  }
  return n;
}

export const leaks = defineCommand({
  name: 'leaks',
  help: `Usage: triage leaks [--duration 60s] [--limit 20] [--json]

Watch the memory of every process for a while, then list the ones whose memory rose steadily
(leak suspects), fastest growth first, with the growth rate and when memory would run out.

  --duration TIME   how long to watch (default 60s; at least 5s; examples: 30s, 5m)
  --limit N         list at most N suspects (default 20, at most 200)
  --json            print the result as JSON: the same object the UI receives

Ctrl-C stops early and ranks what was gathered so far.`,
  options: { duration: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage leaks watches every process and takes no names.' },
  async run({ values }, { client }) {
    const durationMs = parseDurationOption(values.duration, 60_000, 'duration', 5000, MAX_DURATION_MS);
    const limit = parseLimit(values.limit);
    // The verdict span follows --duration (the app's is tuned for the UI's window).
    const backend = client(watchTuning(1000, durationMs));
    const progress = progressLine();
    try {
      // The first call starts the all-process sampler; the answer after the wait is the ranking.
      await backend.call('memory.suspects', { limit });
      const started = Date.now();
      const ticker = setInterval(() => {
        progress.update(`Watching every process: ${Math.round((Date.now() - started) / 1000)} s of ${Math.round(durationMs / 1000)} s`);
      }, 1000);
      const how = await waitFor(durationMs).finally(() => clearInterval(ticker));
      progress.end();
      const result = await backend.call('memory.suspects', { limit });
      if (how === 'interrupted') process.stderr.write('Stopped early: ranking what was gathered so far.\n');
      process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatLeaks(result)}\n`);
      return 0;
    } finally {
      progress.end();
    }
  },
});
