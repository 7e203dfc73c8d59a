import { TriageError } from '../../contract/triage-error.js';
import { createProcessSampler } from '../../platform/process-sampler.js';
import { primedSampler } from '../../processes/primed-sampler.js';
import { isSortKey } from '../../processes/query.js';
import type { ProcessSampler } from '../../processes/sampler.js';
import { parseLimit } from '../args.js';
import { defineCommand } from '../define-command.js';
import { parseInterval } from '../interval-option.js';

/**
 * Short enough that the answer comes like ps's (Node's start-up plus this window stays under 300 ms), long
 * enough for ten 10 ms clock ticks per core: a busy process stands apart from an idle one; --interval is
 * there for finer figures.
 */
const DEFAULT_INTERVAL_MS = 100;

export const ps = defineCommand({
  name: 'ps',
  help: `Usage: triage ps [--json] [--sort cpu|mem|io|pid] [--limit N] [--filter TEXT] [--machine-cpu] [--interval TIME | --at TIME]

List processes, busiest first: PID PPID USER S NI %CPU RES VIRT TIME COMMAND.
CPU % and I/O rates are measured by this command over --interval.

  --sort KEY       cpu (default), mem, io or pid (also: name, user, start, time)
  --limit N        show only the first N processes
  --filter TEXT    only processes whose name, command line or user contains TEXT, or whose pid is TEXT
  --machine-cpu    CPU as a percent of the whole machine instead of one core
  --interval TIME  measure CPU % and rates over TIME (default 100ms, like top -d 0.1; 100ms to 60s; a
                   bare number is seconds). The kernel counts CPU time in 10 ms ticks, so over 100ms
                   one process's CPU % moves in steps of 10: give 1s for a steadier figure.
  --at TIME        the table as recorded at a past moment (10:31, 2026-12-04 10:31, or 2h for two hours
                   ago), from the history \`triage record\` keeps
  --json           print the list as JSON: the same rows the UI receives`,
  options: {
    json: { type: 'boolean' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    filter: { type: 'string' },
    'machine-cpu': { type: 'boolean' },
    interval: { type: 'string' },
    at: { type: 'string' },
  },
  positionals: { max: 0, tooMany: 'triage ps takes no arguments (got "{arg}"); use --filter to pick processes.' },
  async run({ values }, { serve }) {
    const sort = values.sort ?? 'cpu';
    if (!isSortKey(sort)) throw new TriageError('INVALID_INPUT', `--sort must be cpu, mem, io or pid, not "${values.sort}".`);
    const limit = parseLimit(values.limit, 100_000);
    if (values.filter !== undefined && values.filter.length > 200) {
      throw new TriageError('INVALID_INPUT', '--filter is limited to 200 characters.');
    }
    if (values.at !== undefined) {
      // The table recorded at a past moment: nothing is measured now.
      if (values.interval !== undefined) throw new TriageError('INVALID_INPUT', '--at reads what was recorded; --interval measures now. Give one of them.');
      const { printProcessesAt } = await import('./ps-at.js');
      return printProcessesAt(values.at, { json: values.json, sort, limit, filter: values.filter, machineCpu: values['machine-cpu'] });
    }
    const windowMs = parseInterval(values.interval, DEFAULT_INTERVAL_MS);

    // The baseline is read first, before the backend's code loads, so the measuring window runs while it
    // loads: the answer comes ~one window after start, not after start-up plus a window.
    let baseline: ProcessSampler | null = await primedSampler(createProcessSampler());
    try {
      const client = await serve(() =>
        import('../../server/parts/process-list.js').then(({ processListPart }) =>
          processListPart({
            // The first one-shot list measures from the baseline; anything after it starts afresh.
            makeSampler: () => {
              const sampler = baseline ?? createProcessSampler();
              baseline = null;
              return sampler;
            },
          }),
        ),
      );
      const list = await client.call('processes.list', { sort, limit, filter: values.filter, windowMs });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        // Loaded only for the table: nothing before the baseline that --json does not need.
        const { formatProcessTable } = await import('../format/processes.js');
        const width = process.stdout.isTTY ? process.stdout.columns : undefined;
        process.stdout.write(formatProcessTable(list.rows, { sort, machineCpu: values['machine-cpu'] ?? false, width }));
      }
      return 0;
    } finally {
      // Still ours when the backend part never took it (it failed to load): release its descriptors.
      (baseline as ProcessSampler | null)?.close();
    }
  },
});
