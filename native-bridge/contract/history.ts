import * as z from 'zod';
import { method } from './define.js';
import { ProcessRow } from './processes.js';

/** Ms since the epoch; the recorder's own clock is wall time, with monotonic time stored beside it. */
const Time = z.number().int().min(0).max(8.64e15);
/** At most this many days back in one query (retention is at most 90 days). */
export const HISTORY_MAX_RANGE_MS = 91 * 86_400_000;
export const HISTORY_MAX_POINTS = 5000;

const Range = {
  from: Time,
  to: Time,
};

export const HistoryStatus = z.lazy(() => z.object({
  /** This backend writes the history now. */
  recording: z.boolean(),
  /** Who records, when someone does (this process or another Triage). */
  recorder: z.object({ pid: z.number().int(), self: z.boolean() }).nullable(),
  /** Start of the current recording stretch (ms since the epoch). */
  since: z.number().nullable(),
  path: z.string(),
  /** Database file + write-ahead log, bytes; null when there is no database yet. */
  bytes: z.number().nullable(),
  /** Oldest and newest moment recorded. */
  oldest: z.number().nullable(),
  newest: z.number().nullable(),
  /** Why recording is paused (a full disk), in one sentence; null when it is not. */
  paused: z.string().nullable(),
  /** Why this backend does not record (turned off, another recorder, a damaged file…); null when it does. */
  notRecording: z.string().nullable(),
  retentionDays: z.number(),
  maxBytes: z.number(),
}));
export type HistoryStatus = z.infer<typeof HistoryStatus>;

export const SeriesUnit = z.enum(['percent', 'bytes', 'bytesPerSec', 'perSec', 'load', 'count']);
export type SeriesUnit = z.infer<typeof SeriesUnit>;

export const GapReason = z.enum(['not-running', 'suspended', 'disk-full', 'clock-changed', 'no-samples', 'not-recorded-yet']);
export type GapReason = z.infer<typeof GapReason>;

export const HistoryGap = z.lazy(() => z.object({
  from: z.number(),
  to: z.number(),
  reason: GapReason,
  /** The reason as a sentence: "not recording: Triage was not running". */
  text: z.string(),
}));
export type HistoryGap = z.infer<typeof HistoryGap>;

export const SeriesInput = z
  .object({
    ...Range,
    maxPoints: z.number().int().min(1).max(HISTORY_MAX_POINTS),
    /** Series keys or prefixes ("cpu.busy", "disk."); all when absent. */
    series: z.array(z.string().min(1).max(100)).max(200).optional(),
  })
  .strict();
export type SeriesInput = z.input<typeof SeriesInput>;

export const SeriesResult = z.lazy(() => z.object({
  from: z.number(),
  to: z.number(),
  /** Width of one point's bucket, ms: never finer than what was stored there. */
  resolutionMs: z.number(),
  /** Start of each bucket that holds data, oldest first; the series' arrays are aligned with it. */
  times: z.array(z.number()),
  series: z.array(
    z.object({
      key: z.string(),
      unit: SeriesUnit,
      avg: z.array(z.number().nullable()),
      min: z.array(z.number().nullable()),
      max: z.array(z.number().nullable()),
    }),
  ),
  gaps: z.array(HistoryGap),
}));
export type SeriesResult = z.infer<typeof SeriesResult>;

export const ProcessesAtResult = z.lazy(() => z.object({
  /** The moment asked about. */
  at: z.number(),
  /** When the frame shown was recorded (within one frame of `at`). */
  frameTime: z.number(),
  /** frame: the whole table as recorded; top-per-minute: older than a day, only that minute's top consumers remain. */
  resolution: z.enum(['frame', 'top-per-minute']),
  ncpu: z.number().int().positive(),
  totalMemoryBytes: z.number(),
  rows: z.array(ProcessRow),
}));
export type ProcessesAtResult = z.infer<typeof ProcessesAtResult>;

export const TopBy = z.enum(['cpu', 'mem', 'io']);
export type TopBy = z.infer<typeof TopBy>;

export const TopRow = z.lazy(() => z.object({
  pid: z.number().int(),
  startTime: z.number().int(),
  name: z.string(),
  user: z.string(),
  cmdline: z.string(),
  /** CPU time used in the window, seconds, and as % of one core over the time it was seen. */
  cpuSeconds: z.number(),
  cpuPercent: z.number(),
  rssAvgBytes: z.number(),
  rssMaxBytes: z.number(),
  ioReadBytes: z.number(),
  ioWriteBytes: z.number(),
  /** How long it was seen in the window, ms. */
  seenMs: z.number(),
}));
export type TopRow = z.infer<typeof TopRow>;

export const TopResult = z.lazy(() => z.object({
  from: z.number(),
  to: z.number(),
  by: TopBy,
  rows: z.array(TopRow),
  /** Minutes of the window that were recorded. */
  recordedMs: z.number(),
  /** How the figures were made, in one sentence (each minute keeps its top consumers, not everyone). */
  note: z.string(),
}));
export type TopResult = z.infer<typeof TopResult>;

export const HistoryEventKind = z.enum(['action', 'finding-raised', 'finding-cleared', 'recording', 'suspend', 'clock', 'disk-full', 'process']);
export type HistoryEventKind = z.infer<typeof HistoryEventKind>;

export const HistoryEvent = z.lazy(() => z.object({
  time: z.number(),
  kind: HistoryEventKind,
  /** One plain sentence. */
  summary: z.string(),
  /** The pid the event is about, when there is one. */
  pid: z.number().int().nullable(),
}));
export type HistoryEvent = z.infer<typeof HistoryEvent>;

export const historyContract = {
  'history.status': method({ input: z.lazy(() => z.object({}).strict()), output: HistoryStatus }),
  'history.series': method({ input: SeriesInput, output: SeriesResult }),
  'history.processesAt': method({ input: z.lazy(() => z.object({ at: Time }).strict()), output: ProcessesAtResult }),
  'history.top': method({
    input: z.lazy(() => z.object({ ...Range, by: TopBy.default('cpu'), limit: z.number().int().min(1).max(1000).default(20) }).strict()),
    output: TopResult,
  }),
  'history.events': method({
    input: z.lazy(() => z.object({ ...Range, limit: z.number().int().min(1).max(10_000).default(500) }).strict()),
    output: z.lazy(() => z.object({ events: z.array(HistoryEvent), omitted: z.number().int().min(0) })),
  }),
} as const;
export type HistoryContract = typeof historyContract;
