import { formatTimestamp } from '../common/format/index.js';
import type { ChangeEvent } from '../contract/changes.js';
import type { HistoryEvent, HistoryStatus } from '../contract/history.js';
import type { SourceRead } from './read-source.js';

/** What the backend running this service watches itself (nothing in `triage changes`, which watches nothing). */
export interface LiveWatch {
  processes(): WatchState;
  resumes(): WatchState;
}

export interface WatchState {
  events: ChangeEvent[];
  /** When the watch took its first reading, or null before. */
  since: number | null;
  /** Why it cannot watch (its feed failed), or null. */
  problem: string | null;
}

/** The history recorder's file, read through the history capability's own queries (wired by the server or the CLI). */
export interface RecordedHistory {
  events(fromMs: number, toMs: number): Promise<{ events: HistoryEvent[]; omitted: number }>;
  status(): Promise<Pick<HistoryStatus, 'recording' | 'recorder' | 'since' | 'newest' | 'bytes' | 'path'>>;
}

export type RecordedRead =
  | { status: 'read'; events: HistoryEvent[]; omitted: number; coverage: string }
  | { status: 'absent' | 'error'; why: string };

/** The recorder's events in the window, and a sentence of what the record covers. */
export async function readRecorded(history: RecordedHistory | undefined, sinceMs: number, untilMs: number): Promise<RecordedRead> {
  if (!history) return { status: 'absent', why: 'no history is available here' };
  try {
    const status = await history.status();
    if (status.bytes === null) return { status: 'absent', why: `nothing has been recorded (no ${status.path})` };
    const { events, omitted } = untilMs > sinceMs ? await history.events(sinceMs, untilMs) : { events: [], omitted: 0 };
    const coverage = status.recorder
      ? `recorded by the history recorder (pid ${status.recorder.pid}${status.since === null ? '' : `, since ${formatTimestamp(status.since)}`})`
      : `the history recorder is not running${status.newest === null ? '' : ` (its record ends ${formatTimestamp(status.newest)})`}`;
    return { status: 'read', events, omitted, coverage };
  } catch (error) {
    return { status: 'error', why: `the history could not be read: ${(error as Error).message}` };
  }
}

const SUSPENDED_FOR = /suspended for (.+?) \(from /;

/** The recorder's "The machine was suspended for 2 h (from …)." as the resume it was noticed at. */
function recordedResume(e: HistoryEvent): ChangeEvent {
  const length = SUSPENDED_FOR.exec(e.summary)?.[1];
  return {
    time: e.time,
    kind: 'resume',
    title: `the machine woke from sleep${length ? ` after ${length} asleep` : ''}`,
    detail: `${e.summary} Noticed by Triage's history recorder: the boot clock ran ahead of the monotonic clock between two samples (the monotonic clock stops during sleep); the wake-up came within one sampling interval before this time.`,
  };
}

function recordedProcess(e: HistoryEvent): ChangeEvent {
  return { time: e.time, kind: 'process', title: e.summary, detail: "As Triage's history recorder noted it." };
}

/**
 * One source line for something only Triage itself notices (resumes by its clock watch, top consumers starting
 * or ending): what this backend saw live plus what the recorder kept, and which times that covers. Outside
 * them such changes are unknown, and the sentence says so rather than letting an empty list read as "none".
 */
export function watchSource(
  what: 'resume' | 'process',
  live: LiveWatch | undefined,
  recorded: RecordedRead,
): SourceRead<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  const covered: string[] = [];
  if (live) {
    const state = what === 'resume' ? live.resumes() : live.processes();
    events.push(...state.events);
    if (state.problem) covered.push(`this Triage cannot watch: ${state.problem}`);
    else covered.push(state.since === null ? 'this Triage has not taken its first reading yet' : `watched live by this Triage since ${formatTimestamp(state.since)}`);
  }
  if (recorded.status === 'read') {
    for (const e of recorded.events) {
      if (what === 'resume' && e.kind === 'suspend') events.push(recordedResume(e));
      if (what === 'process' && e.kind === 'process') events.push(recordedProcess(e));
    }
    covered.push(recorded.coverage);
    if (recorded.omitted > 0) covered.push(`the ${recorded.omitted} oldest recorded events of the window were not read`);
  } else if (live || recorded.status === 'error') {
    covered.push(recorded.why);
  }
  if (!live && recorded.status !== 'read') {
    if (recorded.status === 'error') return { status: 'error', why: covered.join('; ') };
    return {
      status: 'absent',
      why: `this command watches nothing live and ${recorded.why}; the app, \`triage web\` and \`triage record\` note these while they run`,
    };
  }
  return { status: 'read', value: events, why: `${covered.join('; ')}; at other times such changes are unknown` };
}

/** Changes two sources both report (the live watch and the record of the same backend) are listed once. */
export function withoutRepeats(events: ChangeEvent[]): ChangeEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const k = `${e.kind}|${e.time}|${e.title}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Two reports of one wake-up lie at most this far apart (the kernel's exit line, systemd's record, the next sample). */
const SAME_RESUME_MS = 120_000;

/**
 * Resumes from several sources, best first (the kernel, then systemd, then Triage's clock watch): a later
 * source's report of a wake-up already listed only adds its words to the details, and its length of sleep
 * when the better source did not know it.
 */
export function mergeResumes(bySource: ChangeEvent[][]): ChangeEvent[] {
  const kept: ChangeEvent[] = [];
  for (const events of bySource) {
    for (const e of events) {
      const same = kept.find((k) => Math.abs(k.time - e.time) <= SAME_RESUME_MS);
      if (!same) {
        kept.push({ ...e });
        continue;
      }
      if (!same.title.includes(' asleep') && e.title.includes(' asleep')) same.title = e.title;
      if (!same.detail.includes(e.detail)) same.detail = `${same.detail}\nAlso: ${e.title} — ${e.detail}`;
    }
  }
  return kept;
}
