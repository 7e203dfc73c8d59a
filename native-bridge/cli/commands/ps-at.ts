import type { SortKey } from '../../contract/processes.js';
import { formatProcessesAtHeader } from '../format/history.js';
import { formatProcessTable } from '../format/processes.js';
import { queryRows } from '../../processes/query.js';
import { withHistoryClient } from '../history-client.js';
import { parseTimeArg } from '../time-arg.js';

export interface PsAtOptions {
  json?: boolean;
  sort?: SortKey;
  limit?: number;
  filter?: string;
  machineCpu?: boolean;
  /** For tests: what "now" is when reading "10:31" or "2h". */
  now?: number;
}

/**
 * `triage ps --at TIME`: the process table as recorded at a past moment (the nearest frame, within one
 * frame), in ps's columns, or as JSON (rows in the process table's schema). Returns the exit status;
 * a moment with nothing recorded throws NOT_FOUND with the reason (Triage was not running…).
 */
export async function printProcessesAt(at: string, options: PsAtOptions = {}): Promise<number> {
  const moment = parseTimeArg(at, options.now ?? Date.now(), '--at');
  const result = await withHistoryClient((client) => client.call('history.processesAt', { at: moment }));
  const sort = options.sort ?? 'cpu';
  const rows = queryRows(result.rows, { sort, limit: options.limit, filter: options.filter });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...result, rows }, null, 2)}\n`);
  } else {
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    process.stdout.write(formatProcessesAtHeader(result) + formatProcessTable(rows, { sort, machineCpu: options.machineCpu ?? false, width }));
  }
  return 0;
}
