import * as z from 'zod';
import { method } from './define.js';
import { ChangesList } from './changes.js';
import { CoreAnalysis } from './core.js';
import { FindingsReport } from './findings.js';
import { LeakSuspect, MemoryAlert, MemoryPinInfo } from './memory.js';
import { AuditEntry, ProcessRow } from './processes.js';
import { Inventory, SystemSample } from './system.js';
import { HistoryPart } from './snapshot-history.js';
import { SessionInfo, TraceAnalysis } from './trace.js';

export const SNAPSHOT_FORMAT = 'triage-snapshot';
/**
 * The major version: a reader refuses files with a higher one and ignores parts it does not know.
 * 2: the history part (a recorded past window). Files of format 1 have no such part and open as they are.
 */
export const SNAPSHOT_VERSION = 2;

const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'the path contains a NUL character')
  .refine((s) => s.startsWith('/'), 'the path must be absolute');

/** Rule names of the redactor; the preview and the file count hits per rule. */
export const RedactionRule = z.enum([
  'private-key',
  'url-credentials',
  'authorization-header',
  'cookie-header',
  'aws-access-key',
  'aws-secret-key',
  'github-token',
  'slack-token',
  'secret-assignment',
  'secret-flag',
  'host',
  'user',
  'home',
]);
export type RedactionRule = z.infer<typeof RedactionRule>;

export const RedactOptions = z
  .object({
    /** Passwords, tokens, keys in command lines, environments and traced arguments. */
    secrets: z.boolean().default(true),
    host: z.boolean().default(false),
    users: z.boolean().default(false),
    homes: z.boolean().default(false),
  })
  .strict();
export type RedactOptions = z.output<typeof RedactOptions>;
export type RedactOptionsInput = z.input<typeof RedactOptions>;

export const RedactionSummary = z.object({
  secrets: z.boolean(),
  host: z.boolean(),
  users: z.boolean(),
  homes: z.boolean(),
  total: z.number().int().nonnegative(),
  counts: z.partialRecord(RedactionRule, z.number().int().nonnegative()),
});
export type RedactionSummary = z.infer<typeof RedactionSummary>;

export const RedactionHit = z.lazy(() => z.object({
  rule: RedactionRule,
  /** Where in the snapshot, e.g. "parts.processes.rows[3].cmdline". */
  path: z.string(),
  /** The text around the hit, already redacted (the secret itself never appears). */
  excerpt: z.string(),
}));
export type RedactionHit = z.infer<typeof RedactionHit>;

/** What the preview shows: the counts plus where each hit is (capped). */
export const RedactionReport = z.lazy(() => RedactionSummary.extend({
  hits: z.array(RedactionHit),
  /** Hits beyond the cap that are counted but not listed. */
  hitsNotListed: z.number().int().nonnegative(),
}));
export type RedactionReport = z.infer<typeof RedactionReport>;

export const SnapshotNotes = z.object({
  tryingToDo: z.string().max(20_000).optional(),
  steps: z.string().max(20_000).optional(),
  expected: z.string().max(20_000).optional(),
  actual: z.string().max(20_000).optional(),
});
export type SnapshotNotes = z.infer<typeof SnapshotNotes>;

export const SnapshotMeta = z.object({
  host: z.string(),
  os: z.string(),
  kernel: z.string(),
  triageVersion: z.string(),
  /** ms since the epoch. */
  capturedAt: z.number(),
  window: z.object({ from: z.number(), to: z.number() }),
  /** IANA name of the capturing machine's time zone, e.g. "Europe/Paris". */
  timeZone: z.string(),
  redaction: RedactionSummary,
  /** Parts that could not be captured, each with the reason (the rest of the snapshot is still good). */
  problems: z.array(z.object({ part: z.string(), message: z.string() })).optional(),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

export const ProcessSeriesPoint = z.lazy(() => z.object({
  time: z.number(),
  /** Percent of one core; null where only memory was sampled (a memory pin). */
  cpu: z.number().nullable(),
  rss: z.number().nullable(),
}));

export const ProcessSeries = z.lazy(() => z.object({
  pid: z.number().int(),
  startTime: z.number().int().nullable(),
  name: z.string(),
  /** Why it is in the file: among the busiest, the largest, or pinned in the memory view. */
  reason: z.enum(['cpu', 'memory', 'pinned']),
  points: z.array(ProcessSeriesPoint),
}));
export type ProcessSeries = z.infer<typeof ProcessSeries>;

export const ProcessesPart = z.lazy(() => z.object({
  capturedAt: z.number(),
  ncpu: z.number().int().positive().optional(),
  totalMemoryBytes: z.number().nonnegative().optional(),
  rows: z.array(ProcessRow),
  topSeries: z.array(ProcessSeries).optional(),
}));
export type ProcessesPart = z.infer<typeof ProcessesPart>;

export const MemoryPart = z.lazy(() => z.object({
  pins: z.array(MemoryPinInfo),
  /** Leak suspects over all processes with a verdict (processes with too little data are left out). */
  verdicts: z.array(LeakSuspect),
  alerts: z.array(MemoryAlert),
}));
export type MemoryPart = z.infer<typeof MemoryPart>;

export const TracePart = z.lazy(() => z.object({ session: SessionInfo, analysis: TraceAnalysis }));
export type TracePart = z.infer<typeof TracePart>;

export const CorePart = z.lazy(() => z.object({
  /** When Triage opened it (ms since the epoch). */
  openedAt: z.number(),
  analysis: CoreAnalysis,
}));
export type CorePart = z.infer<typeof CorePart>;

/**
 * Every part is optional and validated on its own: a part this version cannot read is left out with a
 * note rather than refusing the whole file, and unknown (future) parts are ignored.
 */
export const SnapshotPartSchemas = {
  /** What Triage found wrong at capture time (files from before findings existed have none). */
  findings: FindingsReport,
  /** What changed in the window, and which sources could not be read. */
  changes: ChangesList,
  inventory: Inventory,
  metrics: z.array(SystemSample),
  processes: ProcessesPart,
  memory: MemoryPart,
  traces: z.array(TracePart),
  cores: z.array(CorePart),
  audit: z.array(AuditEntry),
  notes: SnapshotNotes,
  /** A recorded past window (format 2): series, process frames, top consumers, events. */
  history: HistoryPart,
} as const;
export type SnapshotPartName = keyof typeof SnapshotPartSchemas;
export const SNAPSHOT_PART_NAMES = Object.keys(SnapshotPartSchemas) as SnapshotPartName[];

export const SnapshotParts = z.lazy(() => z.object({
  findings: SnapshotPartSchemas.findings.optional(),
  changes: SnapshotPartSchemas.changes.optional(),
  inventory: SnapshotPartSchemas.inventory.optional(),
  metrics: SnapshotPartSchemas.metrics.optional(),
  processes: SnapshotPartSchemas.processes.optional(),
  memory: SnapshotPartSchemas.memory.optional(),
  traces: SnapshotPartSchemas.traces.optional(),
  cores: SnapshotPartSchemas.cores.optional(),
  audit: SnapshotPartSchemas.audit.optional(),
  notes: SnapshotPartSchemas.notes.optional(),
  history: SnapshotPartSchemas.history.optional(),
}));
export type SnapshotParts = z.infer<typeof SnapshotParts>;

export const Snapshot = z.lazy(() => z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  /** The format version the file was written in (a format-1 file keeps its 1 when opened). */
  version: z.number().int().min(1).max(SNAPSHOT_VERSION),
  meta: SnapshotMeta,
  parts: SnapshotParts,
}));
export type Snapshot = z.infer<typeof Snapshot>;

/** The last 5/15/60 minutes in the UI; the CLI's --duration as well. */
export const WindowMs = z.number().int().min(1000).max(24 * 3_600_000);

export const PartSummary = z.lazy(() => z.object({
  part: z.string(),
  present: z.boolean(),
  /** How many items (samples, rows, traces…); null for single objects. */
  items: z.number().int().nullable(),
  /** "900 samples from 14:02:11 to 14:17:10", "not captured: …". */
  description: z.string(),
}));
export type PartSummary = z.infer<typeof PartSummary>;

export const SnapshotPreview = z.lazy(() => z.object({
  meta: SnapshotMeta,
  parts: z.array(PartSummary),
  redaction: RedactionReport,
  /** Size of the compressed file that export would write now. */
  estimatedBytes: z.number().int().nonnegative(),
}));
export type SnapshotPreview = z.infer<typeof SnapshotPreview>;

export const OpenedSnapshot = z.lazy(() => z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  snapshot: Snapshot,
  /** Parts this Triage could not read (left out) and unknown parts (ignored), in plain sentences. */
  problems: z.array(z.string()),
}));
export type OpenedSnapshot = z.infer<typeof OpenedSnapshot>;

const CaptureInput = {
  windowMs: WindowMs,
  redact: RedactOptions.default({ secrets: true, host: false, users: false, homes: false }),
};

/** Ms since the epoch, as the history's queries take it. */
const Moment = z.number().int().min(0).max(8.64e15);

export const SnapshotExportInput = z
  .object({
    /** The last windowMs, as watched now; or give from and to instead for a recorded past window. */
    windowMs: WindowMs.optional(),
    /** A past window read from the recorded history (no need to have been watching); to defaults to now. */
    from: Moment.optional(),
    to: Moment.optional(),
    redact: CaptureInput.redact,
    notes: SnapshotNotes.strict().default({}),
    /** From the user's save dialog; null lets the server pick <state dir>/snapshots/triage-HOST-TIME.triage.json.gz. */
    path: FilePath.nullable().default(null),
  })
  .strict()
  .superRefine((input, ctx) => {
    const past = input.from !== undefined || input.to !== undefined;
    if (past && input.windowMs !== undefined) ctx.addIssue({ code: 'custom', message: 'give either windowMs (the last minutes) or from/to (a recorded window), not both' });
    if (!past && input.windowMs === undefined) ctx.addIssue({ code: 'custom', message: 'give windowMs (the last minutes) or from/to (a recorded window)' });
    if (input.to !== undefined && input.from === undefined) ctx.addIssue({ code: 'custom', message: 'a window with an end (to) needs a start (from)' });
  });
export type SnapshotExportInput = z.input<typeof SnapshotExportInput>;

export const SnapshotHtmlInput = z.lazy(() => z.union([
  /** A report of a snapshot file, written next to it (same name, .html). */
  z.object({ path: FilePath }).strict(),
  /** A report of the machine now, written to <state dir>/snapshots/. */
  z.object({ ...CaptureInput, notes: SnapshotNotes.strict().default({}) }).strict(),
]));
export type SnapshotHtmlInput = z.input<typeof SnapshotHtmlInput>;

export const snapshotContract = {
  /** What export would put in the file now, and what it would redact; writes nothing. */
  'snapshot.preview': method({ input: z.lazy(() => z.object(CaptureInput).strict()), output: SnapshotPreview }),
  'snapshot.export': method({
    input: SnapshotExportInput,
    output: z.lazy(() => z.object({
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      redaction: RedactionSummary,
      /** Parts that could not be captured, and why (the file holds the rest). */
      problems: SnapshotMeta.shape.problems,
    })),
    mutates: true,
  }),
  /** Reads and validates a snapshot file for the read-only views. */
  'snapshot.open': method({ input: z.lazy(() => z.object({ path: FilePath }).strict()), output: OpenedSnapshot }),
  /** Writes a self-contained HTML report and says where. */
  'snapshot.html': method({
    input: SnapshotHtmlInput,
    output: z.lazy(() => z.object({ path: z.string(), bytes: z.number().int().nonnegative() })),
    mutates: true,
  }),
} as const;
export type SnapshotContract = typeof snapshotContract;
