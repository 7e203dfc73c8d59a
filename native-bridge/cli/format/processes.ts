import type { ActionResult, ProcessRow, SortKey } from '../../contract/processes.js';
import { formatBytes as formatSharedBytes } from '../../common/format/index.js';
import { queryRows } from '../../processes/query.js';

/** Process names and arguments are chosen by whoever started the process: never let them drive the terminal. */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** 1536 -> "1.5 KiB": the same units the UI shows; "-" where the kernel gave nothing (kernel threads). */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? '-' : formatSharedBytes(bytes);
}

/** CPU seconds as top's TIME+: m:ss.cc, or h:mm:ss above an hour. */
export function formatCpuTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${String(Math.floor(s)).padStart(2, '0')}`;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

export interface FormatOptions {
  sort?: SortKey;
  limit?: number;
  filter?: string;
  /** Show CPU as a share of the whole machine instead of one core. */
  machineCpu?: boolean;
  /** Cut lines to this many characters (a terminal's width); no cut when absent. */
  width?: number;
}

/** A compact `ps`: PID PPID USER S NI %CPU RES VIRT TIME COMMAND. */
export function formatProcessTable(rows: readonly ProcessRow[], options: FormatOptions = {}): string {
  const selected = queryRows(rows, { sort: options.sort ?? 'cpu', limit: options.limit, filter: options.filter });
  const header = ['PID', 'PPID', 'USER', 'S', 'NI', '%CPU', 'RES', 'VIRT', 'TIME', 'COMMAND'];
  const table = selected.map((r) => [
    String(r.pid),
    String(r.ppid),
    sanitizeForTerminal(r.user).slice(0, 12),
    r.state,
    String(r.nice),
    (options.machineCpu ? r.cpuMachine : r.cpu).toFixed(1),
    formatBytes(r.rss),
    formatBytes(r.vsize),
    formatCpuTime(r.cpuTime),
    sanitizeForTerminal(r.cmdline || `[${r.name}]`),
  ]);
  const all = [header, ...table];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => cells[i]!.length)));
  const leftAligned = new Set([2, 3, 9]);
  const lines = all.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : leftAligned.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join(' '),
  );
  return lines.map((l) => (options.width ? l.slice(0, options.width) : l)).join('\n') + '\n';
}

/** One action's outcome for the CLI: the sentence, plus the privileged command on its own line. */
export function formatActionResult(result: ActionResult): string {
  const lines = [`${result.ok ? 'ok' : `refused (${result.code ?? 'error'})`}: ${sanitizeForTerminal(result.message)}`];
  if (result.privileged) lines.push(`  to do it with more privilege: ${result.privileged.commandLine}`);
  if (result.auditError) lines.push(`  warning: ${result.auditError}`);
  return `${lines.join('\n')}\n`;
}
