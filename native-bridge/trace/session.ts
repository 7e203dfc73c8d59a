import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { TriageError } from '../contract/errors.js';
import type { OutputMessage, RecipeId, SessionInfo, StartInput, TraceTool } from '../contract/trace.js';
import { findExecutable } from '../pty/find-executable.js';
import { createOutputRelay } from '../pty/output-relay.js';
import { spawnPty, type PtySession } from '../pty/pty-session.js';
import { createCaptureTail } from './capture-tail.js';
import { readPidMax, readPtraceScope } from '../procfs/sysctl.js';
import { descendants, readCmdline } from './proc-tree.js';
import { explainPtraceRefusal } from './ptrace-permission.js';
import { createPrivateCapture, type PrivateCapture } from './private-capture.js';
import { recipe, tracerArgs } from './recipes.js';
import { locateTool, type ToolLocator } from './tools.js';
import { createTraceEngine, type BatchMessage, type TraceEngine, type TraceEngineOptions } from './trace-engine.js';

export type ParsedStart = z.output<typeof StartInput>;

export interface TraceSessionOptions {
  locator?: ToolLocator;
  /** Where private capture directories go (default: the OS temp dir). */
  captureRoot?: string;
  procRoot?: string;
  /** The environment launched programs start from (default: the backend's). */
  baseEnv?: NodeJS.ProcessEnv;
  engine?: Omit<TraceEngineOptions, 'tool' | 'onBatch'>;
  /** Output kept for listeners that subscribe late (the UI subscribes after start returns). */
  scrollbackChars?: number;
  /** How long to wait for the tracer to confirm an attach. */
  attachTimeoutMs?: number;
}

export interface TraceSession {
  readonly id: string;
  readonly engine: TraceEngine;
  readonly capturePath: string;
  info(): SessionInfo;
  /** Replays the scrollback, then streams terminal output. */
  onOutput(listener: (message: OutputMessage) => void): () => void;
  onBatch(listener: (batch: BatchMessage) => void): () => void;
  onEnded(listener: (info: SessionInfo) => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  ack(chars: number): void;
  /** Attach: detach (SIGINT to strace), the process keeps running. Launch: kill the traced program. */
  stop(): Promise<SessionInfo>;
  readonly ended: Promise<SessionInfo>;
  /** Stops if needed and deletes the capture directory. */
  discard(): Promise<void>;
}

interface Runner {
  tracerPid: number | null;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  ack(chars: number): void;
  stop(): void;
  forceKill(): void;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function validateAttachPid(pid: number, procRoot: string): void {
  if (!Number.isSafeInteger(pid) || pid < 2) throw new TriageError('INVALID_INPUT', 'That is not a process id Triage can attach to.');
  if (pid > readPidMax(procRoot)) throw new TriageError('INVALID_INPUT', `Process id ${pid} is larger than this system allows.`);
  if (pid === process.pid) throw new TriageError('REFUSED', 'Triage cannot trace itself.');
  if (!existsSync(`${procRoot}/${pid}`)) {
    throw new TriageError('ESRCH', `Process ${pid} is not running (it may have exited already).`);
  }
}

function attachRunner(toolPath: string, tool: TraceTool, argv: string[], pid: number, timeoutMs: number): Promise<Runner> {
  return new Promise((resolve, reject) => {
    // No terminal: the attached process keeps its own. stderr carries strace's attach messages.
    const child: ChildProcess = spawn(toolPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
      child.once('exit', (code, signal) => done({ code, signal }));
    });
    const runner: Runner = {
      tracerPid: child.pid ?? null,
      write() {
        throw new TriageError('UNSUPPORTED', 'An attached process keeps its own terminal; Triage cannot type into it.');
      },
      resize() {},
      ack() {},
      stop() {
        child.kill('SIGINT');
      },
      forceKill() {
        child.kill('SIGKILL');
      },
      exited,
    };
    const succeed = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(runner);
    };
    const fail = (error: TriageError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => {
      // ltrace says nothing on success; strace always confirms.
      if (tool === 'ltrace') succeed();
      else fail(new TriageError('TIMEOUT', `Attaching to process ${pid} took too long; it was cancelled.`, stderr.slice(-2000)));
    }, tool === 'ltrace' ? Math.min(timeoutMs, 1000) : timeoutMs);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      if (stderr.length < 64 * 1024) stderr += text;
      if (stderr.includes(`Process ${pid} attached`)) succeed();
    });
    child.once('error', (error) => fail(new TriageError('IO_ERROR', `${tool} could not be started.`, error.message)));
    void exited.then(({ code }) => {
      if (settled) return;
      if (/Operation not permitted|EPERM/.test(stderr)) {
        fail(new TriageError('EPERM', explainPtraceRefusal(readPtraceScope(), pid), stderr.trim().slice(-2000)));
      } else if (/No such process|ESRCH/.test(stderr)) {
        fail(new TriageError('ESRCH', `Process ${pid} exited before Triage could attach to it.`, stderr.trim().slice(-2000)));
      } else {
        fail(new TriageError('IO_ERROR', `${tool} stopped at once (exit status ${code ?? '?'}) and traced nothing.`, stderr.trim().slice(-2000)));
      }
    });
  });
}

function launchEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, extra ?? {});
  env.TERM ??= 'xterm-256color';
  return env;
}

/** What a launch runs: the environment, the working directory (which must exist) and the program found on the PATH. */
function resolveLaunch(input: Extract<ParsedStart, { mode: 'launch' }>, baseEnv: NodeJS.ProcessEnv): { env: Record<string, string>; cwd: string; program: string } {
  const env = launchEnv(baseEnv, input.env);
  const cwd = input.cwd ?? process.cwd();
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new TriageError('NOT_FOUND', `The working directory ${cwd} does not exist.`);
  const program = findExecutable(input.command, env.PATH, cwd);
  if (!program) {
    throw new TriageError('NOT_FOUND', `The program "${input.command}" was not found (it is not on the PATH, or it is not executable).`);
  }
  return { env, cwd, program };
}

/** The runner of a launched trace: the tracer in a pty, stopped by killing what it traces. */
function ptyRunner(p: PtySession, procRoot: string): Runner {
  return {
    tracerPid: p.pid,
    write: (data) => p.write(data),
    resize: (c, rows) => p.resize(c, rows),
    ack: (n) => p.ack(n),
    stop() {
      // Kill the traced program (strace's descendants) and let strace record how it ended.
      for (const pid of descendants(p.pid, procRoot)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    },
    forceKill: () => p.kill('SIGKILL', { group: true }),
    exited: p.exited,
  };
}

/** Listeners of one kind of event; `add` returns the unsubscribe. */
function listenerSet<T>(): { add(listener: (value: T) => void): () => boolean; emit(value: T): void } {
  const set = new Set<(value: T) => void>();
  return {
    add(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit: (value) => set.forEach((l) => l(value)),
  };
}

interface Prepared {
  recipeId: RecipeId;
  tool: TraceTool;
  toolPath: string;
  launch: ReturnType<typeof resolveLaunch>;
}

/** Everything checked before anything starts: the recipe fits the mode, the pid can be traced, the tool and program exist. */
function prepareStart(input: ParsedStart, options: TraceSessionOptions, procRoot: string): Prepared {
  const recipeId: RecipeId = input.recipe;
  const r = recipe(recipeId);
  if (input.mode === 'launch' && r.mode === 'attach') {
    throw new TriageError('INVALID_INPUT', `"${r.title}" attaches to a running process: pick one in the process table.`);
  }
  if (input.mode === 'attach') validateAttachPid(input.pid, procRoot);
  const toolPath = locateTool(r.tool, options.locator);
  // An attach runs nothing of its own: no environment, program or working directory to check.
  const launch = input.mode === 'launch' ? resolveLaunch(input, options.baseEnv ?? process.env) : { env: {}, cwd: process.cwd(), program: '' };
  return { recipeId, tool: r.tool, toolPath, launch };
}

/** The tracer running: the launched program under it in a pty, or the tracer attached to the pid. */
async function startRunner(
  input: ParsedStart,
  prepared: Prepared,
  capturePath: string,
  options: TraceSessionOptions & { procRoot: string },
  onData: (data: string) => void,
): Promise<{ runner: Runner; pty: PtySession | null }> {
  const { recipeId, tool, toolPath, launch } = prepared;
  if (input.mode === 'attach') {
    const args = tracerArgs(recipeId, capturePath, input.pid);
    return { runner: await attachRunner(toolPath, tool, args, input.pid, options.attachTimeoutMs ?? 15_000), pty: null };
  }
  const argv = [...tracerArgs(recipeId, capturePath, null), '--', launch.program, ...input.args];
  const pty = await spawnPty({ file: toolPath, args: argv, cwd: launch.cwd, env: launch.env, cols: input.cols, rows: input.rows, onData });
  return { runner: ptyRunner(pty, options.procRoot), pty };
}

/** Starts one trace: launch under the tracer in a pty, or attach the tracer to a running process. */
// eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
export async function startTraceSession(input: ParsedStart, options: TraceSessionOptions = {}): Promise<TraceSession> {
  const procRoot = options.procRoot ?? '/proc';
  const prepared = prepareStart(input, options, procRoot);
  const { recipeId, tool } = prepared;
  const capture: PrivateCapture = await createPrivateCapture(tool === 'ltrace' ? 'capture.ltrace' : 'capture.strace', options.captureRoot);
  const id = randomUUID();
  const startedAt = Date.now();
  const batches = listenerSet<BatchMessage>();
  const ends = listenerSet<SessionInfo>();
  let state: SessionInfo['state'] = 'running';
  let tracerExit: SessionInfo['tracerExit'] = null;
  const command = input.mode === 'launch' ? [input.command, ...input.args] : readCmdline(input.pid, procRoot);

  const engine = createTraceEngine({ ...options.engine, tool, onBatch: (b) => batches.emit(b) });
  if (input.mode === 'attach') engine.setMainPid(input.pid);
  const tail = createCaptureTail(capture.path, { onLines: (lines) => engine.lines(lines) });
  await tail.start();

  let pty: PtySession | null = null;
  const output = createOutputRelay({ scrollbackChars: options.scrollbackChars, ackUnwatched: (n) => pty?.ack(n) });
  let runner: Runner;
  try {
    ({ runner, pty } = await startRunner(input, prepared, capture.path, { ...options, procRoot }, (data) => output.data(data)));
  } catch (error) {
    await tail.stop();
    engine.dispose();
    await capture.remove();
    throw error;
  }

  function info(): SessionInfo {
    return {
      id,
      mode: input.mode,
      tool,
      recipe: recipeId,
      command,
      pid: input.mode === 'attach' ? input.pid : engine.firstPid,
      tracerPid: runner.tracerPid,
      state,
      startedAt,
      tracerExit,
      capturePath: capture.path,
      captureBytes: tail.bytesRead + Buffer.byteLength(tail.partial),
      events: engine.store.total,
      olderOnDisk: engine.store.olderOnDisk,
    };
  }

  // Keep the "in flight" view current: the last line is the call a lone process is blocked in.
  const partialTimer = setInterval(() => engine.setPartial(tail.partial), 250);
  const ended: Promise<SessionInfo> = runner.exited.then(async (exit) => {
    clearInterval(partialTimer);
    tracerExit = exit;
    await tail.stop();
    engine.setPartial(tail.partial);
    engine.end();
    state = 'ended';
    const final = info();
    output.exit(exit);
    ends.emit(final);
    return final;
  });

  let discarded = false;
  const session: TraceSession = {
    id,
    engine,
    capturePath: capture.path,
    info,
    ended,
    onOutput: (listener) => output.subscribe(listener),
    onBatch: (listener) => batches.add(listener),
    onEnded: (listener) => ends.add(listener),
    write(data) {
      if (state === 'ended') throw new TriageError('NOT_FOUND', 'This trace has ended; the program no longer reads input.');
      runner.write(data);
    },
    resize(cols, rows) {
      if (state !== 'ended') runner.resize(cols, rows);
    },
    ack(chars) {
      runner.ack(chars);
    },
    async stop() {
      if (state === 'ended') return info();
      state = 'stopping';
      runner.stop();
      const forced = setTimeout(() => runner.forceKill(), 5_000);
      try {
        return await ended;
      } finally {
        clearTimeout(forced);
      }
    },
    async discard() {
      if (discarded) return;
      discarded = true;
      await session.stop();
      pty?.dispose();
      engine.dispose();
      await capture.remove();
    },
  };
  return session;
}
