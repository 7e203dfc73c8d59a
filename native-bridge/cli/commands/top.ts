import { TriageError } from '../../contract/errors.js';
import { TopBy } from '../../contract/history.js';
import { parseLimit } from '../args.js';
import { defineCommand } from '../define-command.js';
import { formatTop } from '../format/top.js';
import { withHistoryClient } from '../history-client.js';
import { parseTimeArg } from '../time-arg.js';

export const top = defineCommand({
  name: 'top',
  help: `Usage: triage top [--since 1h] [--until TIME] [--by cpu|mem|io] [--limit N] [--json]

Who used the most CPU, memory or disk I/O over a past window, from the recorded history.

  --since TIME   start of the window (default 1h): 10:31, 2026-12-04T10:31, or how long ago (30m, 2h, 1d)
  --until TIME   end of the window (default now)
  --by KEY       cpu (CPU time, default), mem (largest resident size) or io (bytes read + written)
  --limit N      at most N processes (default 20)
  --json         print the result as JSON: the same object the UI receives

Exit status: 0, 1 when the history cannot be read, 2 on a usage error.`,
  options: { since: { type: 'string' }, until: { type: 'string' }, by: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": give the window with --since and --until.' },
  async run({ values }) {
    const now = Date.now();
    const from = parseTimeArg(values.since ?? '1h', now, '--since');
    const to = values.until === undefined ? now : parseTimeArg(values.until, now, '--until');
    if (to <= from) throw new TriageError('INVALID_INPUT', '--until must come after --since.');
    const by = TopBy.safeParse(values.by ?? 'cpu');
    if (!by.success) throw new TriageError('INVALID_INPUT', `--by must be cpu, mem or io, not "${values.by}".`);
    const limit = parseLimit(values.limit, 1000) ?? 20;
    const result = await withHistoryClient((client) => client.call('history.top', { from, to, by: by.data, limit }));
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatTop(result));
    return 0;
  },
});
