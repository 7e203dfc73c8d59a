import type { RecordingStatus } from '../../contract/recording.js';
import { formatBytes, formatTimestamp } from '../../common/format/index.js';

/** `triage record --status`: who records, where, how much is kept, and whether it starts with the session. */
export function formatStatus({ history: status, autostart }: RecordingStatus): string {
  const who = status.recorder ? (status.recorder.self ? `this process (pid ${status.recorder.pid})` : `pid ${status.recorder.pid}`) : null;
  const lines = [
    status.recorder
      ? `Recording: on, by ${who}${status.since !== null ? ` since ${formatTimestamp(status.since)}` : ''}${status.paused ? ' — paused' : ''}`
      : `Recording: off${status.notRecording ? ` — ${status.notRecording}` : ''}`,
    `Database: ${status.path}${status.bytes === null ? ' (none yet)' : `, ${formatBytes(status.bytes)}`} (cap ${formatBytes(status.maxBytes)}, kept ${status.retentionDays} days)`,
    `Recorded: ${status.oldest === null ? 'nothing yet' : `from ${formatTimestamp(status.oldest)} to ${formatTimestamp(status.newest)}`}`,
  ];
  if (status.paused) lines.push(`Paused: ${status.paused}`);
  lines.push(`Autostart: ${autostartLine(autostart)}`);
  return `${lines.join('\n')}\n`;
}

function autostartLine(autostart: RecordingStatus['autostart']): string {
  if (autostart.installed) return `${autostart.installed.kind === 'systemd-unit' ? 'systemd user unit' : 'autostart entry'} ${autostart.installed.path}`;
  return autostart.refused ? `not installed; installing is refused here: ${autostart.refused}` : 'not installed (triage record --install)';
}
