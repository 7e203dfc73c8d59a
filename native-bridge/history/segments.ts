import type Database from 'better-sqlite3';
import type { GapReason, HistoryGap } from '../contract/history.js';
import { formatDuration } from '../common/format/index.js';

export interface SegmentRow {
  id: number;
  interval_ms: number;
  started_wall: number;
  start_reason: string;
  last_wall: number | null;
  ended_wall: number | null;
  end_reason: string | null;
}

/** An open segment whose data stopped this long ago belongs to a recorder that is gone (killed, crashed). */
const STALE_MS = 60_000;

/** Where a segment's data ends: its recorded end, or its last write while it is still open. */
export const segmentEnd = (s: SegmentRow): number => s.ended_wall ?? s.last_wall ?? s.started_wall;

/** The segments that touch [from, to], plus the one just before (it explains a gap at the start). */
export function segmentsAround(db: Database.Database, from: number, to: number): SegmentRow[] {
  const inside = db
    .prepare<[number, number], SegmentRow>(
      'SELECT id, interval_ms, started_wall, start_reason, last_wall, ended_wall, end_reason FROM segments WHERE started_wall <= ? AND coalesce(ended_wall, last_wall, started_wall) >= ? ORDER BY started_wall, id',
    )
    .all(to, from);
  const before = db
    .prepare<[number], SegmentRow>(
      'SELECT id, interval_ms, started_wall, start_reason, last_wall, ended_wall, end_reason FROM segments WHERE coalesce(ended_wall, last_wall, started_wall) < ? ORDER BY coalesce(ended_wall, last_wall, started_wall) DESC LIMIT 1',
    )
    .get(from);
  return before ? [before, ...inside] : inside;
}

const TEXT: Record<GapReason, string> = {
  'not-running': 'not recording: Triage was not running',
  suspended: 'suspended',
  'disk-full': 'not recording: the disk was full',
  'clock-changed': 'the clock was changed',
  'no-samples': 'no samples: Triage was stopped or too busy to sample',
  'not-recorded-yet': 'nothing recorded yet',
};

export function gap(from: number, to: number, reason: GapReason): HistoryGap {
  return { from, to, reason, text: `${TEXT[reason]} (${formatDuration(to - from)})` };
}

function reasonAfter(segment: SegmentRow): GapReason {
  switch (segment.end_reason) {
    case 'suspend':
      return 'suspended';
    case 'disk-full':
      return 'disk-full';
    case 'clock':
      return 'clock-changed';
    default:
      return 'not-running';
  }
}

/**
 * The gaps between recorded stretches in [from, to], each with its reason: what ended the segment before
 * it (a stop or a crash: Triage was not running; suspend; a full disk; a clock change). Nothing is called
 * a gap past `now` (the future is not missing) or within two sampling intervals (jitter).
 */
export function segmentGaps(segments: readonly SegmentRow[], from: number, to: number, now: number): HistoryGap[] {
  const gaps: HistoryGap[] = [];
  const end = Math.min(to, now);
  const add = (a: number, b: number, reason: GapReason, interval: number) => {
    const lo = Math.max(a, from);
    const hi = Math.min(b, end);
    if (hi - lo > Math.max(2 * interval, 2000)) gaps.push(gap(lo, hi, reason));
  };
  const sorted = [...segments].sort((a, b) => a.started_wall - b.started_wall || a.id - b.id);
  let previous: SegmentRow | null = null;
  for (const s of sorted) {
    if (previous === null) {
      if (s.started_wall > from) add(from, s.started_wall, 'not-recorded-yet', s.interval_ms);
    } else if (s.started_wall > segmentEnd(previous)) {
      add(segmentEnd(previous), s.started_wall, reasonAfter(previous), s.interval_ms);
    }
    if (previous === null || segmentEnd(s) >= segmentEnd(previous)) previous = s;
  }
  if (previous === null) {
    if (end > from) gaps.push(gap(from, end, 'not-recorded-yet'));
    return gaps;
  }
  const last = segmentEnd(previous);
  const open = previous.ended_wall === null && now - last < STALE_MS;
  if (!open) add(last, end, reasonAfter(previous), previous.interval_ms);
  return gaps;
}

/**
 * After the clock was set back, two segments can cover the same wall times. The later recording wins:
 * a point of an earlier segment inside a later segment's span is hidden (never drawn out of order).
 */
export function hiddenByLater(segments: readonly SegmentRow[]): (segment: number, t: number) => boolean {
  const spans = segments.map((s) => ({ id: s.id, from: s.started_wall, to: segmentEnd(s) }));
  const overlapping = spans.some((a) => spans.some((b) => b.id > a.id && b.from < a.to && b.to > a.from));
  if (!overlapping) return () => false;
  return (segment, t) => spans.some((s) => s.id > segment && t >= s.from && t <= s.to);
}
