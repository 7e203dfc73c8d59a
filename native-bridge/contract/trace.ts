import * as z from 'zod';
import { method, stream } from './define.js';
import { TerminalOutputMessage } from './terminal.js';

/** strace's own %-sets, so filters read the same as `-e trace=%file`. */
export const SyscallClass = z.enum(['file', 'network', 'process', 'memory', 'signal', 'ipc', 'desc', 'library', 'other']);
export type SyscallClass = z.infer<typeof SyscallClass>;

const seq = z.number().int().nonnegative();
const pid = z.number().int().nonnegative();
/** Wall-clock time as the tracer printed it (HH:MM:SS.micro). */
const time = z.string();
/** The same time in seconds since midnight, for arithmetic. */
const t = z.number();

export const CallEvent = z.lazy(() => z.object({
  kind: z.literal('call'),
  seq,
  pid,
  time,
  t,
  /** 'syscall' from strace, 'library' from ltrace. */
  source: z.enum(['syscall', 'library']),
  name: z.string(),
  /** Arguments exactly as printed (joined across <unfinished …>/<… resumed>). */
  argsText: z.string(),
  /** Top-level arguments, split respecting strings, nesting and -yy annotations. */
  args: z.array(z.string()),
  /** Return value as printed ('?' when there is none); null when the call never returned. */
  ret: z.string().nullable(),
  /** -yy annotation on the returned fd, e.g. '/etc/passwd' or 'TCP:[…]'. */
  retAnnotation: z.string().nullable(),
  errno: z.string().nullable(),
  errnoText: z.string().nullable(),
  /** Parenthesised note after the return value, e.g. 'Timeout' or 'flags FD_CLOEXEC'. */
  note: z.string().nullable(),
  /** Seconds spent in the call (-T), null when not printed. */
  duration: z.number().nullable(),
  /** complete; unfinished (never resumed: the process died or the trace ended); detached; orphan (resumed without a start). */
  state: z.enum(['complete', 'unfinished', 'detached', 'orphan']),
  cls: SyscallClass,
  /** What the call is about: a path, an address, a program; null when nothing names it. */
  target: z.string().nullable(),
}));
export type CallEvent = z.infer<typeof CallEvent>;

export const SignalEvent = z.lazy(() => z.object({
  kind: z.literal('signal'),
  seq,
  pid,
  time,
  t,
  signal: z.string(),
  /** The siginfo or description strace/ltrace printed. */
  info: z.string(),
}));
export type SignalEvent = z.infer<typeof SignalEvent>;

export const ExitEvent = z.lazy(() => z.object({
  kind: z.literal('exit'),
  seq,
  pid,
  time,
  t,
  /** Exit status, null when killed by a signal. */
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  coreDumped: z.boolean(),
}));
export type ExitEvent = z.infer<typeof ExitEvent>;

export const OtherEvent = z.lazy(() => z.object({ kind: z.literal('other'), seq, pid, time, t, text: z.string() }));
export type OtherEvent = z.infer<typeof OtherEvent>;

export const TraceEvent = z.lazy(() => z.discriminatedUnion('kind', [CallEvent, SignalEvent, ExitEvent, OtherEvent]));
export type TraceEvent = z.infer<typeof TraceEvent>;

export const FailureGroup = z.lazy(() => z.object({
  name: z.string(),
  errno: z.string(),
  errnoText: z.string().nullable(),
  target: z.string().nullable(),
  count: z.number().int(),
  firstTime: time,
  lastTime: time,
  firstSeq: seq,
  lastSeq: seq,
  /** Lower is more important (ENOENT, EACCES, ECONNREFUSED… are 0). */
  rank: z.number().int(),
  /** Every program produces it (dynamic loader probing, isatty checks…): shown dimmed, not hidden. */
  noise: z.boolean(),
  noiseReason: z.string().nullable(),
  /** One plain sentence: "it looked for this directory and it does not exist". */
  sentence: z.string(),
  /** One example call as printed. */
  example: z.string(),
}));
export type FailureGroup = z.infer<typeof FailureGroup>;

export const FailingCall = z.lazy(() => z.object({
  seq,
  pid,
  time,
  name: z.string(),
  errno: z.string(),
  target: z.string().nullable(),
  sentence: z.string(),
  line: z.string(),
}));
export type FailingCall = z.infer<typeof FailingCall>;

export const WhyEnded = z.lazy(() => z.object({
  pid,
  state: z.enum(['running', 'exited', 'killed']),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  coreDumped: z.boolean(),
  time: time.nullable(),
  /** The last failing calls (noise left out) before the end, oldest first. */
  lastFailures: z.array(FailingCall),
  /** The last signal delivered to the main process, if any. */
  lastSignal: z.string().nullable(),
  sentence: z.string(),
}));
export type WhyEnded = z.infer<typeof WhyEnded>;

const resultCounts = z.lazy(() => z.object({ ok: z.number().int(), errors: z.record(z.string(), z.number().int()) }));

export const FileEntry = z.lazy(() => z.object({
  path: z.string(),
  ops: z.array(z.string()),
  count: z.number().int(),
  results: resultCounts,
  firstTime: time,
  lastTime: time,
  noise: z.boolean(),
}));
export type FileEntry = z.infer<typeof FileEntry>;

export const NetworkEntry = z.lazy(() => z.object({
  op: z.string(),
  family: z.string(),
  address: z.string(),
  count: z.number().int(),
  results: resultCounts,
  lastErrno: z.string().nullable(),
  firstTime: time,
  lastTime: time,
  /**
   * The results in words, one text for the CLI and the page: "refused×1", "ok×2 outcome not seen×1".
   * Optional: snapshots written before it existed lack it (readers fall back to the raw results).
   */
  outcome: z.string().optional(),
  sentence: z.string().nullable(),
}));
export type NetworkEntry = z.infer<typeof NetworkEntry>;

export const ProcessEntry = z.lazy(() => z.object({
  pid,
  parentPid: pid.nullable(),
  /** Programs it ran (execve), with their argv. */
  execs: z.array(z.object({ path: z.string(), argv: z.array(z.string()), ok: z.boolean() })),
  firstTime: time,
  exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), coreDumped: z.boolean(), time }).nullable(),
}));
export type ProcessEntry = z.infer<typeof ProcessEntry>;

export const SyscallStat = z.lazy(() => z.object({
  name: z.string(),
  cls: SyscallClass,
  calls: z.number().int(),
  errors: z.number().int(),
  totalSeconds: z.number(),
  maxSeconds: z.number(),
}));
export type SyscallStat = z.infer<typeof SyscallStat>;

export const InFlightCall = z.lazy(() => z.object({ pid, time, name: z.string(), argsText: z.string() }));

export const TraceAnalysis = z.lazy(() => z.object({
  counts: z.object({
    lines: z.number().int(),
    events: z.number().int(),
    calls: z.number().int(),
    failures: z.number().int(),
    unparsed: z.number().int(),
  }),
  end: WhyEnded.nullable(),
  failures: z.array(FailureGroup),
  files: z.array(FileEntry),
  network: z.array(NetworkEntry),
  processes: z.array(ProcessEntry),
  summary: z.array(SyscallStat),
  slowest: z.array(CallEvent),
  /** Calls started and not yet returned (what it is waiting on). */
  inFlight: z.array(InFlightCall),
  /** Lists longer than the caps are cut; this says by how much. */
  truncated: z.object({ failures: z.number().int(), files: z.number().int(), network: z.number().int(), processes: z.number().int() }),
}));
export type TraceAnalysis = z.infer<typeof TraceAnalysis>;

export const TraceTool = z.enum(['strace', 'ltrace']);
export type TraceTool = z.infer<typeof TraceTool>;

export const RecipeId = z.enum(['fails-silently', 'files', 'network', 'waiting', 'library-calls']);
export type RecipeId = z.infer<typeof RecipeId>;

export const SessionId = z.string().regex(/^[a-f0-9-]{36}$/, 'not a trace session id');

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name');
const noNul = (what: string) => z.string().refine((s) => !s.includes('\0'), `${what} contains a NUL character`);

export const LaunchInput = z
  .object({
    mode: z.literal('launch'),
    command: noNul('the command').pipe(z.string().min(1).max(4096)),
    args: z.array(noNul('an argument').pipe(z.string().max(65536))).max(4096).default([]),
    cwd: noNul('the working directory').pipe(z.string().min(1).max(4096)).optional(),
    env: z.record(envName, noNul('an environment value').pipe(z.string().max(65536))).optional(),
    recipe: RecipeId.default('fails-silently'),
    cols: z.number().int().min(2).max(1000).default(80),
    rows: z.number().int().min(1).max(1000).default(24),
  })
  .strict();

export const AttachInput = z
  .object({
    mode: z.literal('attach'),
    pid: z.number().int().min(2).max(4_194_304),
    recipe: RecipeId.default('waiting'),
  })
  .strict();

export const StartInput = z.lazy(() => z.discriminatedUnion('mode', [LaunchInput, AttachInput]));
export type StartInput = z.input<typeof StartInput>;

export const SessionState = z.enum(['running', 'stopping', 'ended']);

export const SessionInfo = z.lazy(() => z.object({
  id: z.string(),
  mode: z.enum(['launch', 'attach']),
  tool: TraceTool,
  recipe: RecipeId,
  /** The traced command (launch) or the process's command line (attach), for display. */
  command: z.array(z.string()),
  /** The traced program's pid once known (launch: strace's child), the attached pid for attach. */
  pid: pid.nullable(),
  tracerPid: pid.nullable(),
  state: SessionState,
  startedAt: z.number(),
  tracerExit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }).nullable(),
  capturePath: z.string(),
  captureBytes: z.number().int(),
  events: z.number().int(),
  olderOnDisk: z.number().int(),
}));
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The launched program's terminal, the same shape as every terminal. Acknowledge data with trace.ackOutput. */
export const OutputMessage = TerminalOutputMessage;
export type OutputMessage = TerminalOutputMessage;

export const EventsMessage = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('batch'),
    events: z.array(TraceEvent),
    /** Events parsed since the last batch but not sent (rate cap); they are in the store and the capture. */
    omitted: z.number().int(),
    totalEvents: z.number().int(),
    olderOnDisk: z.number().int(),
    analysis: TraceAnalysis.nullable(),
  }),
  z.object({ kind: z.literal('ended'), session: SessionInfo, analysis: TraceAnalysis }),
]));
export type EventsMessage = z.infer<typeof EventsMessage>;

export const QueryInput = z
  .object({
    id: SessionId,
    classes: z.array(SyscallClass).max(9).optional(),
    text: z.string().max(500).optional(),
    failedOnly: z.boolean().default(false),
    /** Index into the matching events, oldest first. */
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export const RecipeInfo = z.lazy(() => z.object({
  id: RecipeId,
  title: z.string(),
  description: z.string(),
  tool: TraceTool,
  mode: z.enum(['launch', 'attach', 'either']),
  tracerArgs: z.array(z.string()),
  focus: z.enum(['failures', 'files', 'network', 'inFlight', 'summary']),
}));
export type RecipeInfo = z.infer<typeof RecipeInfo>;

const byId = z.lazy(() => z.object({ id: SessionId }).strict());

export const traceContract = {
  'trace.recipes': method({ input: z.lazy(() => z.object({}).strict()), output: z.lazy(() => z.array(RecipeInfo)) }),
  'trace.start': method({ input: StartInput, output: SessionInfo, mutates: true }),
  /** Attach sessions detach (the process keeps running); launch sessions kill the traced program. */
  'trace.stop': method({ input: byId, output: SessionInfo, mutates: true }),
  'trace.input': method({
    input: z.lazy(() => z.object({ id: SessionId, data: z.string().max(65536) }).strict()),
    output: z.lazy(() => z.object({})),
    mutates: true,
  }),
  'trace.resize': method({
    input: z.lazy(() => z.object({ id: SessionId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) }).strict()),
    output: z.lazy(() => z.object({})),
  }),
  'trace.ackOutput': method({
    input: z.lazy(() => z.object({ id: SessionId, chars: z.number().int().nonnegative().max(1e9) }).strict()),
    output: z.lazy(() => z.object({})),
  }),
  'trace.list': method({ input: z.lazy(() => z.object({}).strict()), output: z.lazy(() => z.array(SessionInfo)) }),
  'trace.analysis': method({ input: byId, output: TraceAnalysis }),
  'trace.query': method({
    input: QueryInput,
    output: z.lazy(() => z.object({ events: z.array(TraceEvent), matched: z.number().int(), olderOnDisk: z.number().int() })),
  }),
  /** Where the full raw capture is (the UI copies it to a path from the save dialog). */
  /** Copies the raw capture to `path` (absolute, never overwritten) or, without one, into Triage's state folder. */
  'trace.saveCapture': method({
    input: z.lazy(() => z.object({ id: SessionId, path: z.string().min(1).max(4096).optional() }).strict()),
    output: z.lazy(() => z.object({ path: z.string(), bytes: z.number().int() })),
    mutates: true,
  }),
  /** Forgets a finished session and deletes its capture directory. */
  'trace.discard': method({ input: byId, output: z.lazy(() => z.object({})), mutates: true }),
  'trace.output': stream({ input: byId, message: OutputMessage }),
  'trace.events': stream({ input: byId, message: EventsMessage }),
} as const;
