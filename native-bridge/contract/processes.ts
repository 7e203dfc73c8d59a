import * as z from 'zod';
import { method, stream } from './define.js';

/** PID_MAX_LIMIT on 64-bit Linux; the machine's own pid_max is at most this. 0 and -1 would signal groups/everything. */
export const PID_MAX = 4_194_304;

export const Pid = z.number().int().min(1).max(PID_MAX);
/** /proc/PID/stat field 22: clock ticks after boot. With the pid it names one process, across pid reuse. */
export const StartTime = z.number().int().nonnegative();

export const ProcessKey = z.object({ pid: Pid, startTime: StartTime });
export type ProcessKey = z.infer<typeof ProcessKey>;

export const SIGNAL_NAMES = [
  'TERM', 'KILL', 'STOP', 'CONT', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'ABRT', 'ALRM', 'TSTP', 'TTIN', 'TTOU', 'WINCH',
] as const;
export const SignalName = z.enum(SIGNAL_NAMES);
export type SignalName = z.infer<typeof SignalName>;

export const Nice = z.number().int().min(-20).max(19);
export const IoClass = z.enum(['realtime', 'best-effort', 'idle']);
export type IoClass = z.infer<typeof IoClass>;

/** One line of the table. Sizes in bytes, rates per second, CPU in percent of one core. */
export const ProcessRow = z.object({
  pid: Pid,
  startTime: StartTime,
  ppid: z.number().int().nonnegative(),
  /** Start as ms since the epoch (derived from startTime and the boot time). */
  startedAt: z.number(),
  uid: z.number().int().nullable(),
  user: z.string(),
  /** The kernel's short name (comm, at most 15 characters). */
  name: z.string(),
  /** R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, I idle kernel thread, X dead. */
  state: z.string(),
  /** Percent of one core over the last interval (can exceed 100 for multithreaded processes). */
  cpu: z.number().nonnegative(),
  /** Percent of the whole machine (cpu / ncpu). */
  cpuMachine: z.number().nonnegative(),
  /** Total CPU time used, seconds. */
  cpuTime: z.number().nonnegative(),
  rss: z.number().nonnegative(),
  shared: z.number().nonnegative().nullable(),
  vsize: z.number().nonnegative(),
  swap: z.number().nonnegative().nullable(),
  threads: z.number().int().nonnegative(),
  nice: z.number().int(),
  priority: z.number().int(),
  /** Storage I/O rates; null where /proc/PID/io is unreadable (another user's process). */
  ioReadPerSec: z.number().nonnegative().nullable(),
  ioWritePerSec: z.number().nonnegative().nullable(),
  /** Arguments joined with spaces; empty for kernel threads. */
  cmdline: z.string(),
});
export type ProcessRow = z.infer<typeof ProcessRow>;

/** Only the fields that changed, plus the key. */
export const ProcessRowChange = z.lazy(() => ProcessRow.partial().extend({ pid: Pid, startTime: StartTime }));
export type ProcessRowChange = z.infer<typeof ProcessRowChange>;

const TableMeta = {
  /** Wall-clock time of the sample, ms since the epoch. */
  time: z.number(),
  /** Length of the interval CPU % and rates cover, ms (0 for the first sample). */
  intervalMs: z.number().nonnegative(),
  ncpu: z.number().int().positive(),
  totalMemoryBytes: z.number().nonnegative(),
  source: z.enum(['procfs', 'systeminformation']),
};

export const ProcessTableMessage = z.lazy(() => z.discriminatedUnion('kind', [
  /** First message to each subscriber: every row. */
  z.object({ kind: z.literal('snapshot'), ...TableMeta, rows: z.array(ProcessRow) }),
  /** Every later refresh. */
  z.object({
    kind: z.literal('delta'),
    ...TableMeta,
    added: z.array(ProcessRow),
    changed: z.array(ProcessRowChange),
    removed: z.array(ProcessKey),
  }),
]));
export type ProcessTableMessage = z.infer<typeof ProcessTableMessage>;

export const SortKey = z.enum(['cpu', 'mem', 'io', 'pid', 'name', 'user', 'start', 'time']);
export type SortKey = z.infer<typeof SortKey>;

export const ProcessListInput = z
  .object({
    sort: SortKey.default('cpu'),
    limit: z.number().int().min(1).max(100_000).optional(),
    /** Matches name, command line or user (case-insensitive), or a pid exactly. */
    filter: z.string().max(200).optional(),
    /**
     * When no live table is fresh, CPU % and rates are measured over this window (ms) between two samples
     * of a private sampler (default 500).
     */
    windowMs: z.number().int().min(100).max(60_000).optional(),
  })
  .strict();
export type ProcessListInput = z.input<typeof ProcessListInput>;

export const ProcessList = z.lazy(() => z.object({
  time: z.number(),
  ncpu: z.number().int().positive(),
  totalMemoryBytes: z.number().nonnegative(),
  source: z.enum(['procfs', 'systeminformation']),
  rows: z.array(ProcessRow),
}));
export type ProcessList = z.infer<typeof ProcessList>;

export const ProcessDetail = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  startedAt: z.number(),
  ppid: z.number().int().nonnegative(),
  name: z.string(),
  state: z.string(),
  argv: z.array(z.string()),
  cmdline: z.string(),
  /** Path of the executable; null when unreadable (another user's process without privilege). */
  exe: z.string().nullable(),
  exeDeleted: z.boolean(),
  /** The file at `exe` is no longer the one that runs (upgraded since start). */
  exeReplaced: z.boolean(),
  cwd: z.string().nullable(),
  user: z.object({ uid: z.number().int(), name: z.string() }).nullable(),
  group: z.object({ gid: z.number().int(), name: z.string() }).nullable(),
  cgroup: z.string().nullable(),
  container: z.object({ runtime: z.string(), id: z.string() }).nullable(),
  /** The systemd unit (service or scope) the process runs in, if any. */
  unit: z.string().nullable(),
  limits: z.object({
    openFilesSoft: z.number().nullable(),
    openFilesHard: z.number().nullable(),
    /** Bytes; null means unlimited. */
    coreSizeSoft: z.number().nullable(),
    coreSizeHard: z.number().nullable(),
  }).nullable(),
  fdCount: z.number().int().nullable(),
  threads: z.number().int().nonnegative(),
  nice: z.number().int(),
  cpuTime: z.number().nonnegative(),
  rss: z.number().nonnegative(),
  vsize: z.number().nonnegative(),
  swap: z.number().nonnegative().nullable(),
  io: z.object({ readBytes: z.number(), writeBytes: z.number(), rchar: z.number(), wchar: z.number() }).nullable(),
}));
export type ProcessDetail = z.infer<typeof ProcessDetail>;

export const AuditEntry = z.lazy(() => z.object({
  time: z.string(),
  user: z.object({ uid: z.number().int(), name: z.string() }),
  /**
   * privileged-*: retried through pkexec and the root helper after the user's own attempt got EPERM.
   * The rest run programs or write files as the user: params say what (command redacted like snapshots, path).
   * For file writes the target is Triage itself; pid 0 means the program never started.
   */
  action: z.enum([
    'signal',
    'renice',
    'ionice',
    'privileged-signal',
    'privileged-renice',
    'privileged-ionice',
    'trace-launch',
    'trace-attach',
    'launch-with-cores',
    'gdb-terminal',
    'save-capture',
    'save-snapshot',
    'save-report',
    'save-thresholds',
    'install-autostart',
    'uninstall-autostart',
    'set-metrics-exporter',
  ]),
  /** What was asked: { signal: 'STOP' }, { nice: 5 }, { class: 'idle', level: 4 }. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  forced: z.boolean(),
  target: z.object({
    pid: z.number().int(),
    startTime: z.number().int(),
    name: z.string().nullable(),
    cmdline: z.string().nullable(),
  }),
  result: z.object({ ok: z.boolean(), code: z.string().optional(), message: z.string() }),
}));
export type AuditEntry = z.infer<typeof AuditEntry>;

export const ActionCode = z.enum(['ESRCH', 'EPERM', 'EINVAL', 'PID_REUSED', 'REFUSED', 'INVALID_INPUT', 'UNSUPPORTED', 'TOOL_MISSING', 'IO_ERROR']);
export type ActionCode = z.infer<typeof ActionCode>;

/** A process as named in a confirmation and re-checked by the action (startTime guards against pid reuse). */
export const ActionTarget = z.lazy(() => z.object({ pid: z.number().int(), startTime: z.number().int(), name: z.string(), user: z.string(), cmdline: z.string() }));
export type ActionTarget = z.infer<typeof ActionTarget>;

export const ActionResult = z.lazy(() => z.object({
  ok: z.boolean(),
  /** Set when ok is false. */
  code: ActionCode.optional(),
  /** One plain sentence, for success too ("Sent STOP to sleep (pid 1234)."). */
  message: z.string(),
  target: ActionTarget.nullable(),
  /** On EPERM: the exact command that would do it with more privilege. */
  privileged: z
    .object({ argv: z.array(z.string()), commandLine: z.string(), pkexecAvailable: z.boolean() })
    .optional(),
  /** Set when the audit log could not be written (the action itself still happened or not, as `ok` says). */
  auditError: z.string().optional(),
  /** The line this action appended to the audit log, so a view can show it without reading the log back. */
  audit: AuditEntry.optional(),
}));
export type ActionResult = z.infer<typeof ActionResult>;

/**
 * What Triage can do to a process, in one vocabulary: the UI's dialogs, `processes.act`, the administrator
 * retry, the root helper's arguments and the audit entries' `action`/`params` all use this union.
 */
export const ProcessAction = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signal'), signal: SignalName }).strict(),
  z.object({ kind: z.literal('renice'), nice: Nice }).strict(),
  z.object({
    kind: z.literal('ionice'),
    class: IoClass,
    /** 0 (highest) .. 7; ignored for idle. */
    level: z.number().int().min(0).max(7).default(4),
  }).strict(),
]));
export type ProcessAction = z.infer<typeof ProcessAction>;

export const ActInput = z.lazy(() => z.object({ pid: Pid, startTime: StartTime, action: ProcessAction, force: z.boolean().optional() }).strict());
export type ActInput = z.input<typeof ActInput>;

/** The same action again, through pkexec and Triage's root helper (offered when ActionResult.privileged.pkexecAvailable). */
export const RetryPrivilegedInput = z.lazy(() => z.object({ pid: Pid, startTime: StartTime, action: ProcessAction }).strict());
export type RetryPrivilegedInput = z.input<typeof RetryPrivilegedInput>;

/** An action's audit params are the action without its kind: { signal: 'STOP' }, { nice: 5 }, { class: 'idle', level: 4 }. */
export function auditParamsOf(action: ProcessAction): Record<string, string | number> {
  const { kind: _kind, ...params } = action;
  return params;
}


export const processesContract = {
  'processes.list': method({ input: ProcessListInput, output: ProcessList }),
  'processes.table': stream({ input: z.lazy(() => z.object({}).strict()), message: ProcessTableMessage }),
  'processes.detail': method({ input: ProcessKey.strict(), output: ProcessDetail }),
  /** Who a bare pid is right now (the CLI's `triage signal TERM 1234`): the identity an action is then bound to. ESRCH when gone. */
  'processes.identify': method({ input: z.lazy(() => z.object({ pid: Pid }).strict()), output: ActionTarget }),
  'processes.act': method({ input: ActInput, output: ActionResult, mutates: true }),
  'processes.retryPrivileged': method({ input: RetryPrivilegedInput, output: ActionResult, mutates: true }),
  'processes.audit': method({
    input: z.lazy(() => z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict()),
    /** damaged: lines that could not be read and were skipped (a crash or a full disk), when there were any. */
    output: z.lazy(() => z.object({ entries: z.array(AuditEntry), damaged: z.number().int().min(0).optional() })),
  }),
} as const;
