import * as z from 'zod';
import { HistoryEvent, SeriesResult, TopResult } from './history.js';
import { ProcessRow } from './processes.js';

/** Most points per system series in a snapshot of a past window (min/avg/max per bucket, as history.series gives). */
export const PAST_MAX_POINTS = 600;
/**
 * Most process frames in one snapshot, most rows and most bytes (as JSON) over all its frames: the frame
 * count is the smallest the three allow, so 2,000 processes with long command lines still fit the reader's
 * limits (common/snapshot-limits.ts; checked by snapshot/past-limits.test.ts).
 */
export const PAST_MAX_FRAMES = 30;
export const PAST_MAX_FRAME_ROWS = 40_000;
export const PAST_MAX_FRAME_BYTES = 24 * 1024 * 1024;

/** The process table as recorded at one moment of the window. */
export const RecordedFrame = z.lazy(() => z.object({
  /** When the frame was recorded (ms since the epoch). */
  time: z.number(),
  ncpu: z.number().int().positive(),
  totalMemoryBytes: z.number(),
  /** frame: the whole table; top-per-minute: older than a day, only that minute's top consumers remain. */
  resolution: z.enum(['frame', 'top-per-minute']),
  rows: z.array(ProcessRow),
}));
export type RecordedFrame = z.infer<typeof RecordedFrame>;

/**
 * What the recorder kept of the snapshot's window (format 2): the system series at recorded resolution,
 * bounded to PAST_MAX_POINTS buckets of min/avg/max; the process frames at a stride; the top consumers; the
 * events. A snapshot of the last minutes (taken while watching) has no such part.
 */
export const HistoryPart = z.lazy(() => z.object({
  from: z.number(),
  to: z.number(),
  series: SeriesResult,
  frames: z.object({
    /** One frame asked for every strideMs across the window (the nearest recorded frame to each moment). */
    strideMs: z.number().int().positive(),
    /** The stride in words, for a reader of the file: "the nearest recorded frame every 40 s; 30 frames". */
    note: z.string(),
    list: z.array(RecordedFrame),
  }),
  top: z.object({ cpu: TopResult, mem: TopResult }),
  events: z.array(HistoryEvent),
  /** Events beyond the snapshot's cap, counted but not included. */
  eventsOmitted: z.number().int().nonnegative(),
}));
export type HistoryPart = z.infer<typeof HistoryPart>;
