import type { LeakSuspect, MemoryVerdict, MemoryPinInfo } from '../../contract/memory.js';
import { formatClock, plural } from '../../common/format/index.js';
import { formatBytes, formatDuration, formatRate } from '../../memory/units.js';

export interface FormatOptions {
  /** Renders a timestamp; local HH:MM:SS by default (tests pass a fixed one). */
  clock?: (ms: number) => string;
  /** Rows of the series table at most (evenly thinned; restarts always shown). */
  maxRows?: number;
}


/** The app's one clock style ("13:59:03", local time). */
export function localClock(ms: number): string {
  return formatClock(ms);
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** One-line picture of a series, for terminals: ▁▂▃▅▇ */
export function sparkline(values: readonly number[], width = 60): string {
  if (values.length === 0) return '';
  const step = Math.max(1, values.length / width);
  const picked: number[] = [];
  for (let f = 0; Math.floor(f) < values.length; f += step) picked.push(values[Math.floor(f)]!);
  const lo = Math.min(...picked);
  const hi = Math.max(...picked);
  return picked.map((v) => SPARKS[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1))]).join('');
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

const orDash = (v: number | null): string => (v === null ? '–' : formatBytes(v));

export function verdictLine(v: MemoryVerdict, clock: (ms: number) => string = localClock): string {
  const parts: string[] = [v.kind];
  if (v.rateMiBPerMin !== null && v.kind !== 'insufficient-data') parts.push(formatRate(v.rateMiBPerMin));
  if (v.r2 !== null) parts.push(`R² ${v.r2.toFixed(2)}`);
  if (v.growingSince !== null) parts.push(`since ${clock(v.growingSince)}`);
  if (v.runsOutInMs !== null) parts.push(`available memory runs out in ~${formatDuration(v.runsOutInMs)}`);
  return parts.join(', ');
}

/** `triage watch`: the series as a table, a sparkline, restarts, and the verdict in words. */
export function formatWatch(pin: MemoryPinInfo, options: FormatOptions = {}): string {
  const clock = options.clock ?? localClock;
  const maxRows = options.maxRows ?? 30;
  const who =
    pin.target.kind === 'name'
      ? `"${pin.target.pattern}" (${pin.name ?? 'not running'}${pin.pid !== null ? `, pid ${pin.pid}` : ''})`
      : `${pin.name ?? '?'} (pid ${pin.target.pid})`;
  const lines = [`Memory of ${who}: ${plural(pin.series.length, 'sample')}`];
  const series = pin.series;
  if (series.length > 0) {
    const step = Math.max(1, series.length / maxRows);
    const picked = new Set<number>();
    for (let f = 0; Math.floor(f) < series.length; f += step) picked.add(Math.floor(f));
    picked.add(series.length - 1);
    series.forEach((p, i) => p.restart && picked.add(i));
    const rows = [['time', 'pid', 'RSS', 'anon', 'file', 'swap', 'PSS', 'USS', '']];
    for (const i of [...picked].sort((a, b) => a - b)) {
      const p = series[i]!;
      rows.push([
        clock(p.time),
        String(p.pid),
        formatBytes(p.rssBytes),
        formatBytes(p.anonBytes),
        formatBytes(p.fileBytes),
        orDash(p.swapBytes),
        orDash(p.pssBytes),
        orDash(p.ussBytes),
        p.restart ? '← restarted' : '',
      ]);
    }
    lines.push(table(rows, new Set([1, 2, 3, 4, 5, 6, 7])));
    lines.push(`RSS  ${sparkline(series.map((p) => p.rssBytes))}`);
  }
  for (const r of pin.restarts) lines.push(`Restarted at ${clock(r.time)}: pid ${r.oldPid} → ${r.newPid}`);
  if (pin.status !== 'running') lines.push(pin.status === 'exited' ? 'The process has exited.' : 'The program is not running right now.');
  lines.push(`Verdict: ${verdictLine(pin.verdict, clock)}`);
  lines.push(pin.verdict.sentence);
  return lines.join('\n');
}

/** `triage leaks`: the suspects, fastest growth first. */
export function formatLeaks(
  result: { observedMs: number; processes: number; suspects: LeakSuspect[] },
  options: FormatOptions = {},
): string {
  const clock = options.clock ?? localClock;
  const watched = `${plural(result.processes, 'process', 'processes')} over ${formatDuration(result.observedMs)}`;
  if (result.suspects.length === 0) return `No process grew steadily (watched ${watched}).`;
  const rows = [['#', 'pid', 'name', 'RSS', 'growth', 'R²', 'growing since', 'memory runs out in']];
  result.suspects.forEach((s, i) => {
    const v = s.verdict;
    rows.push([
      String(i + 1),
      String(s.pid),
      s.name,
      formatBytes(s.rssBytes),
      formatRate(v.rateMiBPerMin ?? 0),
      v.r2 === null ? '–' : v.r2.toFixed(2),
      v.growingSince === null ? '–' : clock(v.growingSince),
      v.runsOutInMs === null ? '–' : `~${formatDuration(v.runsOutInMs)}`,
    ]);
  });
  const n = result.suspects.length;
  return [`${plural(n, 'leak suspect')} (watched ${watched}):`, table(rows, new Set([0, 1, 3, 4, 5]))].join('\n');
}
