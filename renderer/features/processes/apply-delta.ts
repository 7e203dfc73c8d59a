import type { ProcessRow, ProcessTableMessage } from '../../../native-bridge/contract/index.js';

/**
 * The next table from the previous one and a stream message. The renderer may only import the contract,
 * so this mirrors native-bridge/processes/delta.ts applyDelta (a test checks they agree). Unchanged rows
 * keep their object identity, so memoised table rows do no work.
 */
export function applyTableMessage(rows: readonly ProcessRow[], message: ProcessTableMessage): ProcessRow[] {
  if (message.kind === 'snapshot') return message.rows;
  if (message.added.length === 0 && message.changed.length === 0 && message.removed.length === 0) return rows as ProcessRow[];
  // By pid, then the start time must match too: a reused pid is never the same process.
  const gone = new Map(message.removed.map((k) => [k.pid, k.startTime]));
  const changes = new Map(message.changed.map((c) => [c.pid, c]));
  const out: ProcessRow[] = [];
  for (const row of rows) {
    if (gone.get(row.pid) === row.startTime) continue;
    const change = changes.get(row.pid);
    out.push(change && change.startTime === row.startTime ? { ...row, ...change } : row);
  }
  for (const row of message.added) out.push(row);
  return out;
}
