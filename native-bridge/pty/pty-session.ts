import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { TriageError } from '../contract/errors.js';
import type { IPty } from 'node-pty';
import { readPidStat } from '../procfs/pid-files.js';
import { OutputFlow } from './output-flow.js';
import { holdTerminal } from './terminal-hold.js';

export interface PtyExit {
  code: number | null;
  signal: string | null;
}

export interface PtySessionOptions {
  /** Absolute path of the program (resolve names first with findExecutable). */
  file: string;
  args: readonly string[];
  cwd?: string;
  /** The complete environment of the program. */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
  /** Output is gathered this long before it is handed on (Hyper uses 16 ms). */
  batchMs?: number;
  /** Unacknowledged characters above which the pty is paused (VS Code: 100,000). */
  highWaterChars?: number;
  /** The pty resumes once unacknowledged characters fall below this. */
  lowWaterChars?: number;
  /** Terminal text, never split inside a UTF-8 character; acknowledge it with ack(). */
  onData(data: string): void;
  onExit?(exit: PtyExit): void;
}

export type PtySession = Awaited<ReturnType<typeof spawnPty>>;

type NodePty = typeof import('node-pty');

async function loadNodePty(): Promise<NodePty> {
  try {
    return await import('node-pty');
  } catch (error) {
    throw new TriageError(
      'UNSUPPORTED',
      'The terminal component (node-pty) is not available in this build, so programs cannot run in a terminal.',
      error instanceof Error ? error.message : String(error),
    );
  }
}

export function signalName(signal: number | undefined): string | null {
  if (!signal) return null;
  for (const [name, value] of Object.entries(constants.signals)) if (value === signal) return name;
  return `signal ${signal}`;
}

/** The process group id of pid, from /proc (the pty makes the program a session and group leader). */
function processGroup(pid: number, procRoot = '/proc'): number | null {
  return readPidStat(procRoot, pid)?.pgrp ?? null;
}

async function openPty(options: PtySessionOptions, env: Record<string, string>): Promise<IPty> {
  const nodePty = await loadNodePty();
  try {
    return nodePty.spawn(options.file, [...options.args], {
      name: env.TERM ?? 'xterm-256color',
      cols: options.cols ?? 80,
      rows: options.rows ?? 24,
      cwd: options.cwd ?? process.cwd(),
      env,
      // Raw bytes: decoding happens here with a StringDecoder so a character split across reads survives.
      encoding: null,
    });
  } catch (error) {
    throw new TriageError('IO_ERROR', 'The program could not be started in a terminal.', error instanceof Error ? error.message : String(error));
  }
}

/** The program's side of the pty (/dev/pts/N): node-pty keeps it in a private field on Unix and names it nowhere else. */
function terminalPath(pty: IPty): string | undefined {
  const path = (pty as unknown as { _pty?: unknown })._pty;
  return typeof path === 'string' && path.startsWith('/dev/') ? path : undefined;
}

/** Signals the program, or its whole process group when asked and it leads one. */
function killProgram(pid: number, signal: NodeJS.Signals, group: boolean): void {
  if (!(pid > 1)) return;
  if (group && processGroup(pid) === pid) {
    try {
      process.kill(-pid, signal);
      return;
    } catch {
      // The group is already gone; fall through to the leader alone.
    }
  }
  try {
    process.kill(pid, signal);
  } catch {
    // Already exited.
  }
}

/**
 * Runs a program in a pseudo-terminal: output batched every ~16 ms, decoded as UTF-8 across chunk
 * boundaries, and paused while the consumer lags behind by more than the high-water mark.
 */
export async function spawnPty(options: PtySessionOptions) {
  const env: Record<string, string> = { ...(options.env ?? (process.env as Record<string, string>)) };
  const pty = await openPty(options, env);
  // Until the program has died, so a program closing its streams before exiting is not hung up (terminal-hold.ts).
  const releaseTerminal = holdTerminal(pty.pid, terminalPath(pty));
  const flow = new OutputFlow(pty, options.onData, {
    batchMs: options.batchMs ?? 16,
    high: options.highWaterChars ?? 100_000,
    low: options.lowWaterChars ?? 5_000,
  });
  const decoder = new StringDecoder('utf8');
  let disposed = false;
  let exit: PtyExit | null = null;
  let resolveExit!: (e: PtyExit) => void;
  const exited = new Promise<PtyExit>((resolve) => (resolveExit = resolve));

  const dataSub = pty.onData((chunk: string | Buffer) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text.length > 0) flow.push(text);
  });
  const exitSub = pty.onExit(({ exitCode, signal }) => {
    releaseTerminal();
    const tail = decoder.end();
    if (tail) flow.push(tail);
    flow.flush();
    flow.exited = true;
    exit = signal ? { code: null, signal: signalName(signal) } : { code: exitCode, signal: null };
    options.onExit?.(exit);
    resolveExit(exit);
  });

  return {
    get pid() {
      return pty.pid;
    },
    get paused() {
      return flow.paused;
    },
    get unacknowledged() {
      return flow.unacked;
    },
    get exit() {
      return exit;
    },
    exited,
    write(data: string) {
      if (exit === null && !disposed) pty.write(data);
    },
    resize(cols: number, rows: number) {
      if (exit !== null || disposed) return;
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
        throw new TriageError('INVALID_INPUT', 'The terminal size must be between 1 and 1000 columns and rows.');
      }
      pty.resize(cols, rows);
    },
    /** The consumer has rendered this many characters. */
    ack: (chars: number) => flow.ack(chars),
    /** Sends a signal to the program; `group` reaches its whole process group (the pty's session). */
    kill(signal: NodeJS.Signals = 'SIGHUP', killOptions: { group?: boolean } = {}) {
      if (exit === null) killProgram(pty.pid, signal, killOptions.group === true);
    },
    /** Stops listening and closes the pty (the program gets SIGHUP if still running). */
    dispose() {
      if (disposed) return;
      flow.dispose();
      disposed = true;
      dataSub.dispose();
      if (exit !== null) exitSub.dispose();
      releaseTerminal();
      if (exit === null) pty.kill('SIGHUP');
    },
  };
}
