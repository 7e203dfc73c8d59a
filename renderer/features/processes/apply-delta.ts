import type { ProcessRow, ProcessTableMessage } from '../../../native-bridge/contract/index.js';
import { keyOf } from './keys.js';

/**
 * The next table from the previous one and a stream message. The renderer may only import the contract,
 * so this mirrors native-bridge/processes/delta.ts applyDelta (a test checks they agree). Unchanged rows
 * keep their object identity, so memoised table rows do no work.
 */
export function applyTableMessage(rows: readonly ProcessRow[], message: ProcessTableMessage): ProcessRow[] {
  if (message.kind === 'snapshot') return message.rows;
  if (message.added.length === 0 && message.changed.length === 0 && message.removed.length === 0) return rows as ProcessRow[];
  const gone = new Set(message.removed.map(keyOf));
  const changes = new Map(message.changed.map((c) => [keyOf(c), c]));
  const out: ProcessRow[] = [];
  for (const row of rows) {
    const k = keyOf(row);
    if (gone.has(k)) continue;
    const change = changes.get(k);
    out.push(change ? { ...row, ...change } : row);
  }
  for (const row of message.added) out.push(row);
  return out;
}
