import type { HistoryStatus } from '../../../native-bridge/contract/history.js';
import type { RecordingStatus } from '../../../native-bridge/contract/recording.js';
import { formatBytes, formatClock, formatTimestamp } from '../../app/format.js';

/** "14:03:09" today, the full date otherwise: a recording can have started days ago. */
export function formatSince(since: number, now: number = Date.now()): string {
  return new Date(since).toDateString() === new Date(now).toDateString() ? formatClock(since) : formatTimestamp(since);
}

export interface ChipText {
  text: string;
  /** The longer reason, for the tooltip. */
  title: string;
  tone: 'on' | 'off' | 'warn';
}

/** The range bar's chip: whether the history is being written now, and whether it will be once Triage closes. */
export function chipText({ history, autostart }: Pick<RecordingStatus, 'history' | 'autostart'>, now: number = Date.now()): ChipText {
  const stored = history.bytes === null ? 'nothing stored yet' : formatBytes(history.bytes);
  if (history.paused) return { text: `Recording paused · ${stored}`, title: history.paused, tone: 'warn' };
  if (history.recorder) {
    const since = history.since === null ? '' : ` since ${formatSince(history.since, now)}`;
    const who = history.recorder.self ? 'this Triage' : `another Triage (pid ${history.recorder.pid})`;
    const atLogin = autostart.installed !== null;
    return {
      text: `Recording${since} · ${stored}${atLogin ? '' : ' · stops when Triage closes'}`,
      title: `Recorded by ${who} into ${history.path}.${atLogin ? ` It starts at login (${autostart.installed!.path}).` : ' Nothing records while Triage is closed: "Record always…" on the Recording page fixes that.'}`,
      tone: atLogin ? 'on' : 'warn',
    };
  }
  return { text: 'Not recording — history has gaps while Triage is closed', title: notRecordingReason(history), tone: 'off' };
}

/** Why nothing records, as the backend said it. */
export function notRecordingReason(history: HistoryStatus): string {
  return history.notRecording ?? 'Nothing records the history now.';
}
