import type { SnapshotMeta, SnapshotPartName } from '../../../native-bridge/contract/index.js';
import { formatTimestamp } from '../../app/format.js';

export const WINDOW_CHOICES = [
  { ms: 5 * 60_000, label: 'Last 5 min' },
  { ms: 15 * 60_000, label: 'Last 15 min' },
  { ms: 60 * 60_000, label: 'Last 60 min' },
] as const;
export const DEFAULT_WINDOW_MS = 15 * 60_000;

/** Tab order of the viewer, with the words a person reads. */
export const PART_LABELS: Record<SnapshotPartName, string> = {
  findings: 'Findings',
  changes: 'What changed',
  metrics: 'Metrics',
  processes: 'Processes',
  memory: 'Memory',
  traces: 'Traces',
  cores: 'Core dumps',
  audit: 'Actions taken',
  inventory: 'Machine',
  notes: 'Notes',
  history: 'Recorded window',
};

export const NOTE_QUESTIONS = [
  { key: 'tryingToDo', label: 'What were you trying to do?', placeholder: 'e.g. Export the monthly report from the billing app' },
  { key: 'steps', label: 'What steps did you follow?', placeholder: '1. Opened the app\n2. Clicked Export\n3. …' },
  { key: 'expected', label: 'What did you expect to happen?', placeholder: 'e.g. A PDF within a few seconds' },
  { key: 'actual', label: 'What happened instead?', placeholder: 'e.g. The window froze for a minute, then closed' },
] as const;
export type NoteKey = (typeof NOTE_QUESTIONS)[number]['key'];

/**
 * "2026-11-26 13:15:00" in the capturing machine's time zone (what the user there saw on their clock),
 * falling back to UTC for a zone this browser does not know. Times in a file are untrusted: never throws.
 */
export function wallTime(ms: number, timeZone: string): { text: string; zone: string } {
  const zone = knownZone(timeZone) ? timeZone : 'UTC';
  const text = formatTimestamp(ms, zone);
  return text === '—' ? { text: 'an unknown time', zone: '' } : { text, zone };
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The viewer's banner: "Snapshot of build-7 taken at 2026-11-26 13:15:00 (Europe/Paris)". */
export function bannerText(meta: Pick<SnapshotMeta, 'host' | 'capturedAt' | 'timeZone'>): string {
  const when = wallTime(meta.capturedAt, meta.timeZone);
  return `Snapshot of ${meta.host || 'an unnamed machine'} taken at ${when.text}${when.zone ? ` (${when.zone})` : ''}`;
}

export function spanText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** Absolute path the backend will accept, or a sentence saying what is wrong; empty means "Triage picks". */
export function checkSavePath(text: string): { path: string | null; error: string | null } {
  const path = text.trim();
  if (path === '') return { path: null, error: null };
  if (!path.startsWith('/')) return { path: null, error: 'Type a full path starting with / (for example /tmp/incident.triage.json.gz), or leave it empty.' };
  if (path.endsWith('/')) return { path: null, error: 'That is a folder: add a file name, for example incident.triage.json.gz.' };
  return { path, error: null };
}
