import * as z from 'zod';
import { method } from './define.js';

/** Paths cross the boundary as plain strings; the backend insists on absolute ones (the CLI resolves first). */
const FilePath = z.string().min(1).max(4096);
const Pid = z.number().int().min(1).max(4_194_304);

// ---------------------------------------------------------------- status

export const CoreLimit = z.lazy(() => z.object({
  /** Bytes; null means unlimited. */
  soft: z.number().nullable(),
  hard: z.number().nullable(),
}));
export type CoreLimit = z.infer<typeof CoreLimit>;

export const CoreHandler = z.enum(['file', 'systemd-coredump', 'apport', 'pipe', 'none']);
export type CoreHandler = z.infer<typeof CoreHandler>;

export const CoreStatus = z.lazy(() => z.object({
  /** /proc/sys/kernel/core_pattern as the kernel has it. */
  pattern: z.string(),
  handler: CoreHandler,
  /** For a pipe: the program the kernel hands the core to. */
  pipeProgram: z.string().nullable(),
  /** /proc/sys/kernel/core_uses_pid. */
  usesPid: z.boolean(),
  /** A file pattern without a folder (or a relative folder) lands in the crashing program's working folder. */
  relative: z.boolean(),
  /** Where cores land: an absolute folder, or null when it depends on the program's working folder. */
  directory: z.string().nullable(),
  /** The file name the kernel builds, in words, e.g. "core.<pid>". */
  fileName: z.string().nullable(),
  /** Core size limit of new programs started by Triage (its own limit, which they inherit). */
  limit: CoreLimit,
  /** The limit of the process asked about, when a pid was given. */
  pidLimit: z.object({ pid: Pid, soft: z.number().nullable(), hard: z.number().nullable() }).nullable(),
  /** Will a crash of a new program leave a core? "depends" when a handler program decides. */
  willDump: z.enum(['yes', 'no', 'depends']),
  /** One or two plain sentences: on or off, and where. */
  summary: z.string(),
  /** Where the core goes, in words. */
  where: z.string(),
  howToEnable: z.object({
    /** Triage can start one program with the limit raised for that program only. */
    forOneProgram: z.string(),
    /** Shell text for the current terminal session. */
    forSession: z.string(),
    /** Null when nothing beyond the session setting is needed. */
    note: z.string().nullable(),
  }),
  /** prlimit is needed to launch with cores; null when it is there. */
  launchUnavailable: z.string().nullable(),
}));
export type CoreStatus = z.infer<typeof CoreStatus>;

// ---------------------------------------------------------------- crash list

export const CoreExecutableMatch = z.enum(['same-build', 'different-build', 'changed-after-crash', 'unverified', 'missing', 'unknown']);
export type CoreExecutableMatch = z.infer<typeof CoreExecutableMatch>;

export const CrashEntry = z.lazy(() => z.object({
  source: z.enum(['file', 'coredumpctl', 'apport']),
  /** The core (or .crash) file; null for a coredumpctl entry whose core is in the journal or gone. */
  path: z.string().nullable(),
  program: z.string().nullable(),
  commandLine: z.string().nullable(),
  pid: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  signalName: z.string().nullable(),
  /** ms since the epoch: the crash time where known, else the file's modification time. */
  timeMs: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  executable: z.string().nullable(),
  executableMatch: CoreExecutableMatch,
  /** Whether Triage can open this entry directly with core.open. */
  openable: z.boolean(),
  /** Plain sentence when something needs doing first (extract from coredumpctl, unpack apport...). */
  note: z.string().nullable(),
}));
export type CrashEntry = z.infer<typeof CrashEntry>;

export const CrashList = z.lazy(() => z.object({
  crashes: z.array(CrashEntry),
  /** Folders that were looked in. */
  searched: z.array(z.string()),
  /** Folders or sources that could not be read, each with the reason. */
  problems: z.array(z.object({ where: z.string(), message: z.string() })),
}));
export type CrashList = z.infer<typeof CrashList>;

// ---------------------------------------------------------------- backtraces

export const CoreFrameArg = z.lazy(() => z.object({ name: z.string(), type: z.string().nullable(), value: z.string().nullable() }));

export const CoreStackFrame = z.lazy(() => z.object({
  level: z.number().int(),
  address: z.string(),
  /** Null when the debugger found no symbol ("??"). */
  function: z.string().nullable(),
  args: z.array(CoreFrameArg),
  file: z.string().nullable(),
  /** Absolute path gdb resolved for file (may not exist on this machine). */
  fullPath: z.string().nullable(),
  line: z.number().int().nullable(),
  /** Shared library the frame is in; null for the executable itself or unknown. */
  library: z.string().nullable(),
}));
export type CoreStackFrame = z.infer<typeof CoreStackFrame>;

export const CoreThreadStack = z.lazy(() => z.object({
  /** gdb's thread number. */
  id: z.number().int(),
  lwp: z.number().int().nullable(),
  name: z.string().nullable(),
  targetId: z.string(),
  crashed: z.boolean(),
  frames: z.array(CoreStackFrame),
  /** More frames existed than were read (deep recursion). */
  truncated: z.boolean(),
}));
export type CoreThreadStack = z.infer<typeof CoreThreadStack>;

export const CoreSourceContext = z.lazy(() => z.object({
  file: z.string(),
  line: z.number().int(),
  frameLevel: z.number().int(),
  lines: z.array(z.object({ number: z.number().int(), text: z.string() })),
}));
export type CoreSourceContext = z.infer<typeof CoreSourceContext>;

export const CoreInstruction = z.lazy(() => z.object({
  address: z.string(),
  function: z.string().nullable(),
  offset: z.number().int().nullable(),
  text: z.string(),
  /** The instruction the frame was at. */
  current: z.boolean(),
}));

export const CoreDisassembly = z.lazy(() => z.object({ threadId: z.number().int(), frameLevel: z.number().int(), instructions: z.array(CoreInstruction) }));
export type CoreDisassembly = z.infer<typeof CoreDisassembly>;

export const CoreDebugInfoNote = z.lazy(() => z.object({
  missing: z.boolean(),
  /** Objects (executable or libraries) in the crashing stack without symbols. */
  objects: z.array(z.string()),
  /** What to install or enable, in plain words; null when symbols are fine. */
  advice: z.string().nullable(),
}));
export type CoreDebugInfoNote = z.infer<typeof CoreDebugInfoNote>;

const BacktraceBody = {
  threads: z.array(CoreThreadStack),
  /** gdb thread number of the thread that crashed (or was current); null when unknown. */
  crashedThreadId: z.number().int().nullable(),
  source: CoreSourceContext.nullable(),
  debugInfo: CoreDebugInfoNote,
  disassembly: CoreDisassembly.nullable(),
  /** Debugger warnings worth showing (mismatching executable, missing libraries...). */
  warnings: z.array(z.string()),
};

export const CoreSignal = z.lazy(() => z.object({
  number: z.number().int(),
  name: z.string(),
  /** Plain meaning of the signal itself. */
  meaning: z.string(),
  code: z.number().int().nullable(),
  /** Plain meaning of si_code (e.g. "the address is not mapped"). */
  codeMeaning: z.string().nullable(),
  /** Faulting address for SIGSEGV/SIGBUS/SIGILL/SIGFPE. */
  address: z.string().nullable(),
  /** The headline: "Invalid memory access at address 0x0 (a NULL pointer)". */
  summary: z.string(),
}));
export type CoreSignal = z.infer<typeof CoreSignal>;

export const CoreFileInfo = z.lazy(() => z.object({
  path: z.string(),
  sizeBytes: z.number(),
  modifiedMs: z.number(),
  program: z.string().nullable(),
  commandLine: z.string().nullable(),
  pid: z.number().int().nullable(),
  uid: z.number().int().nullable(),
  /** Set when the file is shorter than its headers say. */
  truncated: z.object({ expectedBytes: z.number(), actualBytes: z.number() }).nullable(),
}));

export const CoreExecutableInfo = z.lazy(() => z.object({
  path: z.string(),
  /** How the path was found: given by the user, from the core's mapped files, or its command line. */
  foundBy: z.enum(['given', 'mapped-files', 'command-line']),
  match: CoreExecutableMatch,
  coreBuildId: z.string().nullable(),
  fileBuildId: z.string().nullable(),
  hasDebugInfo: z.boolean(),
}));

export const CoreAnalysis = z.lazy(() => z.object({
  kind: z.literal('core'),
  core: CoreFileInfo,
  executable: CoreExecutableInfo,
  signal: CoreSignal.nullable(),
  ...BacktraceBody,
}));
export type CoreAnalysis = z.infer<typeof CoreAnalysis>;

export const LiveBacktrace = z.lazy(() => z.object({
  kind: z.literal('live'),
  pid: Pid,
  program: z.string().nullable(),
  executable: z.string().nullable(),
  capturedAtMs: z.number(),
  ...BacktraceBody,
}));
export type LiveBacktrace = z.infer<typeof LiveBacktrace>;

export const CoreRegisters = z.lazy(() => z.object({
  threadId: z.number().int(),
  registers: z.array(z.object({ name: z.string(), value: z.string() })),
}));
export type CoreRegisters = z.infer<typeof CoreRegisters>;

export const CoreSharedLibrary = z.lazy(() => z.object({
  path: z.string(),
  symbolsLoaded: z.boolean(),
  /** Lowest and highest code address, hex; null when gdb did not know. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Whether the file still exists on this machine. */
  present: z.boolean(),
}));
export const CoreLibraries = z.lazy(() => z.object({ libraries: z.array(CoreSharedLibrary) }));
export type CoreLibraries = z.infer<typeof CoreLibraries>;

export const LaunchedWithCores = z.lazy(() => z.object({
  pid: Pid,
  argv: z.array(z.string()),
  cwd: z.string(),
  /** Where the core will land if it crashes, in words. */
  coreWillGo: z.string(),
}));
export type LaunchedWithCores = z.infer<typeof LaunchedWithCores>;

const CoreRef = { path: FilePath, exe: FilePath.optional() };

export const coreContract = {
  'core.status': method({ input: z.lazy(() => z.object({ pid: Pid.optional() }).strict()), output: CoreStatus }),
  'core.list': method({
    input: z.lazy(() => z.object({ folders: z.array(FilePath).max(32).default([]) }).strict()),
    output: CrashList,
  }),
  'core.open': method({ input: z.lazy(() => z.object(CoreRef).strict()), output: CoreAnalysis }),
  'core.registers': method({
    input: z.lazy(() => z.object({ ...CoreRef, threadId: z.number().int().min(1).optional() }).strict()),
    output: CoreRegisters,
  }),
  'core.libraries': method({ input: z.lazy(() => z.object(CoreRef).strict()), output: CoreLibraries }),
  'core.liveBacktrace': method({
    input: z.lazy(() => z.object({ pid: Pid, startTime: z.number().int().nonnegative().optional() }).strict()),
    output: LiveBacktrace,
  }),
  'core.launchWithCores': method({
    input: z.lazy(() => z.object({ argv: z.array(z.string().min(1).max(4096)).min(1).max(256), cwd: FilePath }).strict()),
    output: LaunchedWithCores,
    mutates: true,
  }),
} as const;
