import { formatPercent } from '../common/format/index.js';
import type { Culprit } from '../contract/findings.js';
import type { ProcessRow } from '../contract/processes.js';

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

export const named = (row: Pick<ProcessRow, 'name' | 'pid'>): string => `${row.name} (pid ${row.pid})`;

export const culpritOf = (row: ProcessRow): Culprit => ({ pid: row.pid, startTime: row.startTime, name: row.name });

/** "97%": the one percent style (no decimals in sentences). */
export const percent = (n: number): string => formatPercent(n, 0);

export function coresWords(n: number): string {
  if (n === 1) return 'the only core';
  if (n === 2) return 'both cores';
  return `all ${n} cores`;
}
