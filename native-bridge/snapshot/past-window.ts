import { TriageError } from '../contract/errors.js';
import type { HistoryGap, ProcessesAtResult, SeriesResult } from '../contract/history.js';
import { PAST_MAX_FRAME_BYTES, PAST_MAX_FRAME_ROWS, PAST_MAX_FRAMES, PAST_MAX_POINTS, type HistoryPart, type RecordedFrame } from '../contract/snapshot-history.js';
import { formatDuration, formatTimestamp } from '../common/format/index.js';
import type { SnapshotSource } from './source.js';

/** Events kept per snapshot (history.events' own cap is 10,000). */
const MAX_EVENTS = 2000;
const TOP_ROWS = 20;

/**
 * The window checked against the clock and the recording: the end comes after the start, the start is not
 * still to come, and a window reaching past now ends now. Each refusal is the sentence the user reads.
 */
export function checkPastWindow(from: number, to: number, now: number): { from: number; to: number } {
  if (!(to > from)) {
    throw new TriageError('INVALID_INPUT', `The window must end after it starts (from ${formatTimestamp(from)} to ${formatTimestamp(to)}).`);
  }
  if (from >= now) {
    throw new TriageError('INVALID_INPUT', `The window starts at ${formatTimestamp(from)}, which is still to come: the history holds only the past.`);
  }
  return { from, to: Math.min(to, now) };
}

/** "Triage was not running; suspended": the gaps' reasons, without their durations or the "not recording:" prefix. */
function reasonsOf(gaps: readonly HistoryGap[]): string {
  const texts = [
    ...new Set(
      gaps.map((g) =>
        // Before the first recording the database has nothing to say but "nothing recorded yet".
        g.reason === 'not-recorded-yet' ? 'recording had not started yet' : g.text.replace(/ \([^)]*\)$/, '').replace(/^not recording: /, ''),
      ),
    ),
  ];
  return texts.length > 0 ? texts.join('; ') : 'no reason was recorded';
}

/** How many frames fit the budgets, judged by the last frame (tables change little within a window). */
export function frameCount(rowsPerFrame: number, bytesPerFrame: number): number {
  const byRows = Math.floor(PAST_MAX_FRAME_ROWS / Math.max(1, rowsPerFrame));
  const byBytes = Math.floor(PAST_MAX_FRAME_BYTES / Math.max(1, bytesPerFrame));
  return Math.max(2, Math.min(PAST_MAX_FRAMES, byRows, byBytes));
}

/** Whether a moment falls in a bucket of the series that holds samples (where frames were recorded too). */
function recordedAt(series: SeriesResult, moment: number): boolean {
  const width = Math.max(series.resolutionMs, 1000);
  return series.times.some((t) => moment >= t - width && moment < t + 2 * width);
}

/**
 * Frames at a stride over the recorded part of the window (from its first recorded bucket to its last write),
 * the last moment first (the table a reader looks at first), as many as the budgets allow; moments in a gap
 * are skipped rather than asked for.
 */
async function framesOf(source: SnapshotSource, from: number, to: number, series: SeriesResult, newest: number | null): Promise<HistoryPart['frames']> {
  const at = async (moment: number): Promise<ProcessesAtResult | null> => {
    try {
      return await source.call('history.processesAt', { at: moment });
    } catch (error) {
      // A moment in a gap has no frame: the gaps say why, elsewhere in the part.
      if (error instanceof TriageError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  };
  const end = Math.max(from, Math.min(to, newest ?? to));
  const start = Math.min(end, Math.max(from, series.times[0] ?? from));
  const last = await at(end);
  const count = frameCount(last?.rows.length ?? 0, last ? Buffer.byteLength(JSON.stringify(last.rows)) : 0);
  const strideMs = Math.max(1000, Math.ceil((end - start) / (count - 1)));
  const byTime = new Map<number, RecordedFrame>();
  const keep = (result: ProcessesAtResult | null): void => {
    if (!result || result.frameTime < from || result.frameTime > to) return;
    byTime.set(result.frameTime, { time: result.frameTime, ncpu: result.ncpu, totalMemoryBytes: result.totalMemoryBytes, resolution: result.resolution, rows: result.rows });
  };
  keep(last);
  for (let moment = end - strideMs; moment >= start; moment -= strideMs) {
    if (recordedAt(series, moment)) keep(await at(moment));
  }
  const list = [...byTime.values()].sort((a, b) => a.time - b.time);
  const note = `The nearest recorded frame to a moment every ${formatDuration(strideMs)} across the recorded part of the window, ending at its last recorded moment: ${list.length} frame${list.length === 1 ? '' : 's'} (at most ${count}, so that the file stays within the snapshot limits).`;
  return { strideMs, note, list };
}

/**
 * What the recorder kept of [from, to], read through the history's contract methods: the system series at
 * recorded resolution (at most PAST_MAX_POINTS buckets of min/avg/max), frames at a stride, the top
 * consumers and the events. Refuses, with the reason from the gaps, a window where nothing was recorded.
 */
export async function readPastWindow(source: SnapshotSource, from: number, to: number): Promise<HistoryPart> {
  const status = await source.call('history.status', {});
  if (status.bytes === null) {
    throw new TriageError(
      'NOT_FOUND',
      `Nothing has been recorded on this machine yet: there is no history database at ${status.path}. The app, \`triage web\` and \`triage record\` record the history while they run.`,
    );
  }
  const series = await source.call('history.series', { from, to, maxPoints: PAST_MAX_POINTS });
  const frames = await framesOf(source, from, to, series, status.newest);
  if (series.times.length === 0 && frames.list.length === 0) {
    throw new TriageError(
      'NOT_FOUND',
      `Nothing was recorded between ${formatTimestamp(from)} and ${formatTimestamp(to)}; recording was off (${reasonsOf(series.gaps)}).`,
    );
  }
  const [cpu, mem, events] = await Promise.all([
    source.call('history.top', { from, to, by: 'cpu', limit: TOP_ROWS }),
    source.call('history.top', { from, to, by: 'mem', limit: TOP_ROWS }),
    source.call('history.events', { from, to, limit: MAX_EVENTS }),
  ]);
  return { from, to, series, frames, top: { cpu, mem }, events: events.events, eventsOmitted: events.omitted };
}
