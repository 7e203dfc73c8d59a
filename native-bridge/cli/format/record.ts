import type { HistoryStatus } from '../../contract/history.js';
import { formatBytes, formatTimestamp } from '../../common/format/index.js';

/** `triage record --status`: who records, where, how much is kept, and whether it starts with the session. */
export function formatStatus(status: HistoryStatus, autostart: string): string {
  const who = status.recorder ? (status.recorder.self ? `this process (pid ${status.recorder.pid})` : `pid ${status.recorder.pid}`) : null;
  const lines = [
    status.recorder
      ? `Recording: on, by ${who}${status.since !== null ? ` since ${formatTimestamp(status.since)}` : ''}${status.paused ? ' — paused' : ''}`
      : `Recording: off${status.notRecording ? ` — ${status.notRecording}` : ''}`,
    `Database: ${status.path}${status.bytes === null ? ' (none yet)' : `, ${formatBytes(status.bytes)}`} (cap ${formatBytes(status.maxBytes)}, kept ${status.retentionDays} days)`,
    `Recorded: ${status.oldest === null ? 'nothing yet' : `from ${formatTimestamp(status.oldest)} to ${formatTimestamp(status.newest)}`}`,
  ];
  if (status.paused) lines.push(`Paused: ${status.paused}`);
  lines.push(`Autostart: ${autostart}`);
  return `${lines.join('\n')}\n`;
}
