import type { Culprit } from '../contract/findings.js';
import type { ProcessRow } from '../contract/processes.js';

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

export const named = (row: Pick<ProcessRow, 'name' | 'pid'>): string => `${row.name} (pid ${row.pid})`;

export const culpritOf = (row: ProcessRow): Culprit => ({ pid: row.pid, startTime: row.startTime, name: row.name });

export const percent = (n: number): string => `${n >= 10 ? Math.round(n) : Math.round(n * 10) / 10} %`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function coresWords(n: number): string {
  if (n === 1) return 'the only core';
  if (n === 2) return 'both cores';
  return `all ${n} cores`;
}

export function durationWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return plural(s, 'second');
  const m = Math.round(s / 60);
  if (m < 90) return plural(m, 'minute');
  return plural(Math.round(m / 60), 'hour');
}

export function clockWords(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function bytesWords(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}
