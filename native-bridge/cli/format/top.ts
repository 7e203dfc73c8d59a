import type { TopResult } from '../../contract/history.js';
import { formatBytes, formatDuration, formatTimestamp } from '../../common/format/index.js';
import { sanitizeForTerminal } from './processes.js';

export function formatTop(result: TopResult): string {
  const lines = [`Top consumers by ${result.by} from ${formatTimestamp(result.from)} to ${formatTimestamp(result.to)} (${formatDuration(result.recordedMs)} recorded):`];
  if (result.rows.length === 0) {
    lines.push('Nothing recorded in this window.');
  } else {
    const header = ['PID', 'USER', 'CPU s', 'CPU%', 'RSS avg', 'RSS max', 'READ', 'WRITTEN', 'SEEN', 'COMMAND'];
    const rows = result.rows.map((r) => [
      String(r.pid), sanitizeForTerminal(r.user), r.cpuSeconds.toFixed(1), r.cpuPercent.toFixed(1), formatBytes(r.rssAvgBytes), formatBytes(r.rssMaxBytes),
      formatBytes(r.ioReadBytes), formatBytes(r.ioWriteBytes), formatDuration(r.seenMs), sanitizeForTerminal(r.cmdline || r.name),
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const fmt = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
    lines.push(fmt(header), ...rows.map(fmt));
  }
  lines.push(`Note: ${result.note}`);
  return `${lines.join('\n')}\n`;
}
