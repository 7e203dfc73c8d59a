import { TriageError } from '../../contract/errors.js';
import { HISTORY_MAX_POINTS } from '../../contract/history.js';
import { defineCommand } from '../define-command.js';
import { withHistoryClient } from '../history-client.js';
import { DEFAULT_COLUMNS, formatHistoryTable, parseColumns } from '../format/history.js';
import { parseTimeArg } from '../time-arg.js';

export const history = defineCommand({
  name: 'history',
  help: `Usage: triage history [--since 2h] [--until TIME] [--series ${DEFAULT_COLUMNS}] [--json]

What this machine did over a past window, from the recorded history: one line per minute (wider for long
windows), with the stretches that were not recorded and why (Triage was not running, suspended, a full disk).
The history is recorded while the app, \`triage web\` or \`triage record\` runs.

  --since TIME    start of the window (default 2h): a time of day (10:31), a date and time
                  (2026-12-04T10:31), or how long ago (30m, 2h, 1d)
  --until TIME    end of the window (default now), same forms
  --series LIST   columns: cpu, iowait, mem, avail, swap, load, psi, disk, net, procs, or stored keys
                  such as disk.sda.read (default ${DEFAULT_COLUMNS})
  --json          print the series as JSON: the same object the UI receives

Exit status: 0, 1 when the history cannot be read, 2 on a usage error.`,
  options: { since: { type: 'string' }, until: { type: 'string' }, series: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": give the window with --since and --until.' },
  async run({ values }) {
    const now = Date.now();
    // Whole minutes, so each line is a clock minute (10:31 means 10:31:00 to 10:32:00).
    const from = Math.floor(parseTimeArg(values.since ?? '2h', now, '--since') / 60_000) * 60_000;
    const to = Math.ceil((values.until === undefined ? now : parseTimeArg(values.until, now, '--until')) / 60_000) * 60_000;
    if (to <= from) throw new TriageError('INVALID_INPUT', '--until must come after --since.');
    const { columns, keys } = parseColumns(values.series ?? DEFAULT_COLUMNS);
    // One line per minute (wider for windows of several days).
    const maxPoints = Math.min(HISTORY_MAX_POINTS, Math.max(1, Math.round((to - from) / 60_000)));
    const result = await withHistoryClient((client) => client.call('history.series', { from, to, maxPoints, series: keys }));
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatHistoryTable(result, columns));
    return 0;
  },
});
