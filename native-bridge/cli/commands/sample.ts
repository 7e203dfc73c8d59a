import type { SystemSource } from '../../server/backend.js';
import { createSystemCollector } from '../../platform/system-collector.js';
import { defineCommand } from '../define-command.js';
import { parseInterval } from '../interval-option.js';

/**
 * Short enough to answer at once (Node's start-up plus this window stays under 300 ms), long enough for ten
 * 10 ms clock ticks per core; --interval is there for finer figures.
 */
const DEFAULT_INTERVAL_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export const sample = defineCommand({
  name: 'sample',
  help: `Usage: triage sample [--json] [--interval TIME]

Print one system sample (CPU, load, memory, swap, pressure, disks, network) and exit.
Rates are measured by this command over --interval. What the machine did at a past moment is in the
recorded history: triage history --since 10:31 --until 10:32.

  --interval TIME  measure CPU % and rates over TIME (default 100ms, like top -d 0.1; 100ms to 60s; a
                   bare number is seconds). The kernel counts CPU time in 10 ms ticks, so over 100ms
                   CPU % moves in steps of 10 % of one core: give 1s for steadier figures.
  --json           print the sample as JSON: the same object the UI receives`,
  options: {
    json: { type: 'boolean' },
    interval: { type: 'string' },
  },
  positionals: { max: 0, tooMany: 'This command takes only options (got "{arg}").' },
  async run({ values }, { serve }) {
    const intervalMs = parseInterval(values.interval, DEFAULT_INTERVAL_MS);

    // The source reads its baseline when made, before the backend's code loads, so the measuring window
    // runs while it loads; system.sample's rates then cover the time since that baseline. The clock starts
    // once it is made: its baseline is read inside, after opening its files (10+ ms on a loaded machine),
    // and counting from before that would cut the window short of --interval.
    let source: SystemSource | null = createSystemCollector();
    const start = performance.now();
    try {
      const client = await serve(() =>
        import('../../server/parts/system-sample.js').then(({ systemSamplePart }) => {
          const part = systemSamplePart(source!);
          source = null; // the part closes it now
          return part;
        }),
      );
      await sleep(start + intervalMs - performance.now());
      const reading = await client.call('system.sample', {});
      // The text form's formatting loads only when asked for: nothing before the baseline that --json does not need.
      process.stdout.write(values.json ? `${JSON.stringify(reading, null, 2)}\n` : (await import('../format/sample.js')).formatSample(reading));
      return 0;
    } finally {
      (source as SystemSource | null)?.close?.();
    }
  },
});
