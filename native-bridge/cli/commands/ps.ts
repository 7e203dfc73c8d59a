import { TriageError } from '../../contract/errors.js';
import { SortKey } from '../../contract/processes.js';
import { formatProcessTable } from '../../processes/format.js';
import { parseCommandArgs } from '../args.js';
import { openRuntime } from '../runtime.js';

export const psHelp = `Usage: triage ps [--json] [--sort cpu|mem|io|pid] [--limit N] [--filter TEXT] [--machine-cpu]

List processes, busiest first: PID PPID USER S NI %CPU RES VIRT TIME COMMAND.
CPU % covers a short measuring interval taken by this command.

  --sort KEY      cpu (default), mem, io or pid (also: name, user, start, time)
  --limit N       show only the first N processes
  --filter TEXT   only processes whose name, command line or user contains TEXT, or whose pid is TEXT
  --machine-cpu   CPU as a percent of the whole machine instead of one core
  --json          print the list as JSON: the same rows the UI receives`;

export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100_000) {
    throw new TriageError('INVALID_INPUT', `--limit must be a whole number from 1 to 100000, not "${text}".`);
  }
  return Number(text);
}

export async function psCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    filter: { type: 'string' },
    'machine-cpu': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${psHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    throw new TriageError('INVALID_INPUT', `triage ps takes no arguments (got "${positionals[0]}"); use --filter to pick processes.`);
  }
  const sort = SortKey.safeParse(values.sort ?? 'cpu');
  if (!sort.success) throw new TriageError('INVALID_INPUT', `--sort must be cpu, mem, io or pid, not "${values.sort}".`);
  const limit = parseLimit(values.limit);
  if (values.filter !== undefined && values.filter.length > 200) {
    throw new TriageError('INVALID_INPUT', '--filter is limited to 200 characters.');
  }
  const runtime = openRuntime('cli');
  try {
    const list = await runtime.client.call('processes.list', { sort: sort.data, limit, filter: values.filter });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    } else {
      const width = process.stdout.isTTY ? process.stdout.columns : undefined;
      process.stdout.write(formatProcessTable(list.rows, { sort: sort.data, machineCpu: values['machine-cpu'] ?? false, width }));
    }
    return 0;
  } finally {
    runtime.close();
  }
}
