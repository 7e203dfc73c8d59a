import * as z from 'zod';
import { method, stream } from './define.js';

const bytes = z.number().nonnegative();
const time = z.number();

/** Pid as the kernel allows it: never 0 or negative (kill(-1) semantics must never reach a syscall). */
export const MemoryPid = z.number().int().min(1).max(4_194_304);
export const MemoryPinId = z.string().min(1).max(64);

export const MemoryBreakdown = z.lazy(() => z.object({
  rssBytes: bytes,
  /** Anonymous pages: heap, anonymous mmap, stacks (where leaks live). */
  anonBytes: bytes,
  /** Rss − Anonymous: file-backed pages, including shared memory. */
  fileBytes: bytes,
  sharedBytes: bytes,
  swapBytes: bytes.nullable(),
  pssBytes: bytes.nullable(),
  pssAnonBytes: bytes.nullable(),
  pssFileBytes: bytes.nullable(),
  pssShmemBytes: bytes.nullable(),
  swapPssBytes: bytes.nullable(),
  /** Private_Clean + Private_Dirty: what ending the process would give back. */
  ussBytes: bytes.nullable(),
  /** 'statm' when smaps_rollup is refused (another user's process): no PSS, USS or swap then. */
  source: z.enum(['smaps_rollup', 'statm']),
}));
export type MemoryBreakdown = z.infer<typeof MemoryBreakdown>;

export const MemorySeriesPoint = z.lazy(() => z.object({
  time,
  pid: z.number().int(),
  rssBytes: bytes,
  anonBytes: bytes,
  fileBytes: bytes,
  sharedBytes: bytes,
  swapBytes: bytes.nullable(),
  pssBytes: bytes.nullable(),
  ussBytes: bytes.nullable(),
  /** First sample after a name pin followed the program to a new pid: draw a marker here. */
  restart: z.boolean(),
}));
export type MemorySeriesPoint = z.infer<typeof MemorySeriesPoint>;

export const MemoryVerdictKind = z.enum(['growing', 'stable-after-warmup', 'stable', 'shrinking', 'insufficient-data']);
export type MemoryVerdictKind = z.infer<typeof MemoryVerdictKind>;

export const MemoryVerdict = z.lazy(() => z.object({
  kind: MemoryVerdictKind,
  sentence: z.string(),
  rateMiBPerMin: z.number().nullable(),
  /** How well a straight line fits the current trend (0..1); null when memory did not move. */
  r2: z.number().nullable(),
  growingSince: time.nullable(),
  /** At the current rate, how long until the machine's available memory is used up. */
  runsOutInMs: z.number().nullable(),
  memAvailableBytes: bytes.nullable(),
  observedMs: z.number(),
  points: z.number().int(),
  /** The trend line to draw over the chart. */
  trend: z.object({ fromTime: time, fromBytes: z.number(), toTime: time, toBytes: z.number() }).nullable(),
  evidence: z.object({
    mannKendallZ: z.number().nullable(),
    lowsRateMiBPerMin: z.number().nullable(),
    changeAt: time.nullable(),
    via: z.enum(['line', 'lows']).nullable(),
  }),
}));
export type MemoryVerdict = z.infer<typeof MemoryVerdict>;

export const MemoryPinLimits = z.lazy(() => z.object({
  sizeBytes: z.number().positive().nullable(),
  rateMiBPerMin: z.number().positive().nullable(),
}));
export type MemoryPinLimits = z.infer<typeof MemoryPinLimits>;

export const MemoryPinTarget = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pid'), pid: MemoryPid, startTime: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('name'), pattern: z.string() }),
]));

export const MemoryRestartMark = z.lazy(() => z.object({ time, oldPid: z.number().int(), newPid: z.number().int() }));

export const MemoryMapsSnapshotInfo = z.lazy(() => z.object({
  snapshotId: z.number().int(),
  pid: z.number().int(),
  time,
  /** 'maps' (another user's process) has virtual sizes only. */
  source: z.enum(['smaps', 'maps']),
}));
export type MemoryMapsSnapshotInfo = z.infer<typeof MemoryMapsSnapshotInfo>;

export const MemoryPinInfo = z.lazy(() => z.object({
  pinId: MemoryPinId,
  target: MemoryPinTarget,
  /** 'waiting': a name pin whose program is not running right now. */
  status: z.enum(['running', 'exited', 'waiting']),
  pid: z.number().int().nullable(),
  startTime: z.number().int().nullable(),
  name: z.string().nullable(),
  pinnedAt: time,
  limits: MemoryPinLimits,
  latest: MemoryBreakdown.nullable(),
  verdict: MemoryVerdict,
  restarts: z.array(MemoryRestartMark),
  snapshots: z.array(MemoryMapsSnapshotInfo),
  series: z.array(MemorySeriesPoint),
}));
export type MemoryPinInfo = z.infer<typeof MemoryPinInfo>;

export const MemoryConsumer = z.lazy(() => z.object({ pid: z.number().int(), name: z.string(), rssBytes: bytes }));

export const MemoryAlert = z.lazy(() => z.object({
  alertId: z.number().int(),
  time,
  pinId: MemoryPinId,
  pid: z.number().int(),
  name: z.string(),
  kind: z.enum(['size', 'rate']),
  /** Bytes for a size limit, MiB/min for a rate limit. */
  limit: z.number(),
  value: z.number(),
  sentence: z.string(),
  context: z.object({
    breakdown: MemoryBreakdown.nullable(),
    memAvailableBytes: bytes.nullable(),
    topConsumers: z.array(MemoryConsumer),
  }),
}));
export type MemoryAlert = z.infer<typeof MemoryAlert>;

export const LeakSuspect = z.lazy(() => z.object({
  pid: z.number().int(),
  startTime: z.number().int(),
  name: z.string(),
  rssBytes: bytes,
  verdict: MemoryVerdict,
}));
export type LeakSuspect = z.infer<typeof LeakSuspect>;

export const MemoryMappingGroup = z.enum(['heap', 'anonymous', 'stack', 'library', 'file', 'shared-memory', 'kernel', 'other']);

export const MemoryMapsComparison = z.lazy(() => z.object({
  pinId: MemoryPinId,
  from: MemoryMapsSnapshotInfo,
  to: MemoryMapsSnapshotInfo,
  /** False when the program restarted between the two snapshots. */
  samePid: z.boolean(),
  measure: z.enum(['rss', 'virtual']),
  totalDeltaBytes: z.number(),
  groups: z.array(
    z.object({
      group: MemoryMappingGroup,
      fromCount: z.number().int(),
      toCount: z.number().int(),
      fromSizeBytes: bytes,
      toSizeBytes: bytes,
      fromRssBytes: bytes.nullable(),
      toRssBytes: bytes.nullable(),
      deltaBytes: z.number(),
    }),
  ),
  mappings: z.array(
    z.object({
      key: z.string(),
      group: MemoryMappingGroup,
      path: z.string(),
      perms: z.string(),
      fromBytes: bytes,
      toBytes: bytes,
      deltaBytes: z.number(),
      change: z.enum(['grew', 'shrank', 'appeared', 'disappeared']),
    }),
  ),
}));
export type MemoryMapsComparison = z.infer<typeof MemoryMapsComparison>;

export const MemoryPinUpdate = z.lazy(() => z.object({
  pinId: MemoryPinId,
  status: z.enum(['running', 'exited', 'waiting']),
  pid: z.number().int().nullable(),
  point: MemorySeriesPoint.nullable(),
  verdict: MemoryVerdict,
  restart: MemoryRestartMark.nullable(),
}));

export const MemoryStreamMessage = z.lazy(() => z.discriminatedUnion('kind', [
  /** First message to each subscriber: every pin with its series so far. */
  z.object({ kind: z.literal('history'), intervalMs: z.number().int(), pins: z.array(MemoryPinInfo) }),
  z.object({
    kind: z.literal('tick'),
    time,
    memAvailableBytes: bytes.nullable(),
    pins: z.array(MemoryPinUpdate),
    /** Alerts raised in this tick. */
    alerts: z.array(MemoryAlert),
  }),
  z.object({ kind: z.literal('pinned'), pin: MemoryPinInfo }),
  z.object({ kind: z.literal('unpinned'), pinId: MemoryPinId }),
]));
export type MemoryStreamMessage = z.infer<typeof MemoryStreamMessage>;

const limitInput = {
  sizeBytes: z.number().positive().max(2 ** 53).nullable().optional(),
  rateMiBPerMin: z.number().positive().max(1e9).nullable().optional(),
};

export const MemoryPinInput = z.lazy(() => z.union([
  z.object({ pid: MemoryPid, startTime: z.number().int().nonnegative().optional(), ...limitInput }).strict(),
  z
    .object({
      /** Matched case-insensitively against the command name and argv[0]'s base name. */
      namePattern: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'no control characters'),
      ...limitInput,
    })
    .strict(),
]));
export type MemoryPinInput = z.infer<typeof MemoryPinInput>;

export const memoryContract = {
  /** Watch one process (by pid + start time) or a program by name (follows restarts). */
  'memory.pin': method({ input: MemoryPinInput, output: MemoryPinInfo }),
  'memory.unpin': method({ input: z.lazy(() => z.object({ pinId: MemoryPinId }).strict()), output: z.lazy(() => z.object({ pinId: MemoryPinId })) }),
  /** Set or clear (null) a pin's limits; crossing one raises one alert per crossing. */
  'memory.setLimit': method({ input: z.lazy(() => z.object({ pinId: MemoryPinId, ...limitInput }).strict()), output: MemoryPinInfo }),
  'memory.pins': method({
    input: z.lazy(() => z.object({ maxPoints: z.number().int().min(10).max(100_000).optional() }).strict()),
    output: z.lazy(() => z.object({ intervalMs: z.number().int(), pins: z.array(MemoryPinInfo) })),
  }),
  'memory.stream': stream({ input: z.lazy(() => z.object({}).strict()), message: MemoryStreamMessage }),
  /**
   * Ranked leak suspects over all processes. The first call starts the all-process sampler, which keeps
   * running while calls keep coming; `observedMs` says how long it has been watching.
   */
  'memory.suspects': method({
    input: z.lazy(() => z.object({ limit: z.number().int().min(1).max(200).optional() }).strict()),
    output: z.lazy(() => z.object({ observedMs: z.number(), processes: z.number().int(), suspects: z.array(LeakSuspect) })),
  }),
  'memory.alerts': method({
    input: z.lazy(() => z.object({ sinceId: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(1000).optional() }).strict()),
    output: z.lazy(() => z.object({
      alerts: z.array(MemoryAlert),
      /** Alerts pushed out of the bounded list since the start. */
      dropped: z.number().int(),
      total: z.number().int(),
    })),
  }),
  /** Take a memory-map snapshot of a pinned process now (one is taken when it is pinned). */
  'memory.captureMaps': method({ input: z.lazy(() => z.object({ pinId: MemoryPinId }).strict()), output: MemoryMapsSnapshotInfo }),
  /**
   * What grew? Compares two snapshots: by id, or the latest at/before a time; `from` defaults to the
   * pin-time snapshot and `to` to a fresh capture.
   */
  'memory.compareMaps': method({
    input: z
      .object({
        pinId: MemoryPinId,
        fromSnapshotId: z.number().int().optional(),
        toSnapshotId: z.number().int().optional(),
        fromTime: time.optional(),
        toTime: time.optional(),
      })
      .strict(),
    output: MemoryMapsComparison,
  }),
} as const;
export type MemoryContract = typeof memoryContract;
