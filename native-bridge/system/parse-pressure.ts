import type { Pressure } from '../contract/system.js';

type PressureLine = Pressure['some'];

/**
 * One /proc/pressure/{cpu,memory,io} file: a `some` line and, for memory and io (and cpu since 5.13), a `full` line.
 * Returns null when there is no `some` line (an empty or unreadable file).
 */
export function parsePressure(text: string): Pressure | null {
  const some = lineOf(text, 'some ');
  if (!some) return null;
  return { some, full: lineOf(text, 'full ') };
}

function lineOf(text: string, prefix: string): PressureLine | null {
  const at = text.startsWith(prefix) ? 0 : indexAfterNewline(text, prefix);
  if (at === -1) return null;
  const end = text.indexOf('\n', at);
  const line = end === -1 ? text.slice(at) : text.slice(at, end);
  const avg10 = field(line, 'avg10=');
  const avg60 = field(line, 'avg60=');
  const avg300 = field(line, 'avg300=');
  if (Number.isNaN(avg10) || Number.isNaN(avg60) || Number.isNaN(avg300)) return null;
  return { avg10, avg60, avg300 };
}

function indexAfterNewline(text: string, prefix: string): number {
  const at = text.indexOf('\n' + prefix);
  return at === -1 ? -1 : at + 1;
}

function field(line: string, key: string): number {
  const at = line.indexOf(key);
  if (at === -1) return Number.NaN;
  const start = at + key.length;
  const space = line.indexOf(' ', start);
  return Number.parseFloat(space === -1 ? line.slice(start) : line.slice(start, space));
}
