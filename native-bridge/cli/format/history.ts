import type { HistoryGap, ProcessesAtResult, SeriesResult, SeriesUnit } from '../../contract/history.js';
import { TriageError } from '../../contract/errors.js';
import { formatByteRate, formatBytes, formatTimestamp } from '../../common/format/index.js';

/** A column of `triage history`: a name for the user, the stored keys it adds up, how to print it. */
interface Column {
  name: string;
  header: string;
  /** Exact keys, or prefixes ending in "." with the suffix that is summed (disk.*.read …). */
  match: (key: string) => boolean;
  unit: SeriesUnit;
}

const sumOf = (prefix: string, suffixes: string[], skip: string[] = []) => (key: string) =>
  key.startsWith(prefix) && suffixes.some((s) => key.endsWith(s)) && !skip.some((s) => key === `${prefix}${s}`);

const COLUMNS: Record<string, Column> = {
  cpu: { name: 'cpu', header: 'CPU%', match: (k) => k === 'cpu.busy', unit: 'percent' },
  iowait: { name: 'iowait', header: 'IOWAIT%', match: (k) => k === 'cpu.iowait', unit: 'percent' },
  mem: { name: 'mem', header: 'MEM USED', match: (k) => k === 'mem.used', unit: 'bytes' },
  avail: { name: 'avail', header: 'MEM AVAIL', match: (k) => k === 'mem.available', unit: 'bytes' },
  swap: { name: 'swap', header: 'SWAP', match: (k) => k === 'swap.used', unit: 'bytes' },
  load: { name: 'load', header: 'LOAD1', match: (k) => k === 'load.one', unit: 'load' },
  psi: { name: 'psi', header: 'PSI CPU/MEM/IO', match: () => false, unit: 'percent' },
  disk: { name: 'disk', header: 'DISK R+W', match: sumOf('disk.', ['.read', '.write']), unit: 'bytesPerSec' },
  net: { name: 'net', header: 'NET RX+TX', match: (k) => k.startsWith('net.') && !k.startsWith('net.lo.') && (k.endsWith('.rx') || k.endsWith('.tx')), unit: 'bytesPerSec' },
  procs: { name: 'procs', header: 'PROCS', match: (k) => k === 'procs', unit: 'count' },
};
const PSI_KEYS = ['psi.cpu.some', 'psi.memory.some', 'psi.io.some'];

export const DEFAULT_COLUMNS = 'cpu,mem,load,disk,net';

/** The keys to ask for (prefixes where a column sums devices) for a --series list. */
export function parseColumns(list: string): { columns: Array<Column | string>; keys: string[] } {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new TriageError('INVALID_INPUT', `--series needs at least one name (${Object.keys(COLUMNS).join(', ')}, or a key such as disk.sda.read).`);
  const columns: Array<Column | string> = [];
  const keys = new Set<string>();
  for (const name of names) {
    const known = COLUMNS[name];
    if (known) {
      columns.push(known);
      if (name === 'disk') keys.add('disk.');
      else if (name === 'net') keys.add('net.');
      else if (name === 'psi') PSI_KEYS.forEach((k) => keys.add(k));
      else if (name === 'cpu') keys.add('cpu.busy');
      else if (name === 'iowait') keys.add('cpu.iowait');
      else if (name === 'mem') keys.add('mem.used');
      else if (name === 'avail') keys.add('mem.available');
      else if (name === 'swap') keys.add('swap.used');
      else if (name === 'load') keys.add('load.one');
      else keys.add('procs');
    } else if (/^[a-z]+\.[\w.:-]+$/i.test(name)) {
      columns.push(name);
      keys.add(name);
    } else {
      throw new TriageError('INVALID_INPUT', `"${name}" is not a series: use ${Object.keys(COLUMNS).join(', ')}, or a stored key such as disk.sda.read.`);
    }
  }
  return { columns, keys: [...keys] };
}

function formatValue(v: number | null, unit: SeriesUnit): string {
  if (v === null) return '—';
  switch (unit) {
    case 'percent':
      return v.toFixed(1);
    case 'bytes':
      return formatBytes(v);
    case 'bytesPerSec':
      return formatByteRate(v);
    case 'load':
      return v.toFixed(2);
    default:
      return String(Math.round(v * 10) / 10);
  }
}

/** One row per bucket (a minute, or wider for long ranges), with the gaps as lines where they fall. */
export function formatHistoryTable(result: SeriesResult, columns: ReadonlyArray<Column | string>): string {
  const values = (col: Column | string, i: number): string => {
    if (typeof col === 'string') {
      const s = result.series.find((x) => x.key === col);
      return formatValue(s?.avg[i] ?? null, s?.unit ?? 'count');
    }
    if (col.name === 'psi') {
      return PSI_KEYS.map((k) => {
        const v = result.series.find((x) => x.key === k)?.avg[i] ?? null;
        return v === null ? '—' : v.toFixed(0);
      }).join('/');
    }
    const parts = result.series.filter((x) => col.match(x.key)).map((x) => x.avg[i] ?? null).filter((v): v is number => v !== null);
    return formatValue(parts.length ? parts.reduce((a, b) => a + b, 0) : null, col.unit);
  };
  const headers = ['TIME', ...columns.map((c) => (typeof c === 'string' ? c.toUpperCase() : c.header))];
  const rows = result.times.map((t, i) => [formatTimestamp(t).slice(0, 16), ...columns.map((c) => values(c, i))]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const gaps = [...result.gaps];
  const out: string[] = [line(headers)];
  const gapLine = (g: HistoryGap) => `-- ${formatTimestamp(g.from).slice(11, 19)} to ${formatTimestamp(g.to).slice(11, 19)}: ${g.text}`;
  result.times.forEach((t, i) => {
    while (gaps.length && gaps[0]!.from <= t) out.push(gapLine(gaps.shift()!));
    out.push(line(rows[i]!));
  });
  for (const g of gaps) out.push(gapLine(g));
  if (result.times.length === 0) {
    out.push('(nothing recorded in this range)');
  } else {
    const every = result.resolutionMs >= 60_000 ? `${Math.round(result.resolutionMs / 60_000)} min` : `${Math.round(result.resolutionMs / 1000)} s`;
    out.push(`(averages per ${every}; ${result.times.length} rows)`);
  }
  return `${out.join('\n')}\n`;
}

/** The line above a recorded process table: which frame it is, and what older frames left out. */
export function formatProcessesAtHeader(result: ProcessesAtResult): string {
  const partial = result.resolution === 'top-per-minute'
    ? ' — older than a day: only that minute\'s top consumers were kept, with their averages over the minute'
    : '';
  return `Processes at ${formatTimestamp(result.frameTime)} (recorded; asked for ${formatTimestamp(result.at)})${partial}:\n`;
}
