import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { TriageError } from '../contract/errors.js';
import { parseMiLine, type MiTuple } from './mi-parse.js';
import { cleanToolEnv } from './tools.js';

/**
 * Settings every gdb run gets before anything is loaded: an untrusted core or binary must not make gdb
 * run scripts, fetch from the network, or wait for a human.
 */
export const GDB_SAFE_SETTINGS = [
  'set auto-load off',
  'set debuginfod enabled off',
  'set pagination off',
  'set confirm off',
  'set width 0',
  'set height 0',
  'set print elements 200',
  'set print repeats 10',
  'set max-value-size 65536',
  'set startup-with-shell off',
];

export function safeSettingArgs(): string[] {
  return GDB_SAFE_SETTINGS.flatMap((s) => ['-iex', s]);
}

export interface GdbSessionOptions {
  gdbPath: string;
  /** Arguments after the common safe prefix, e.g. ['--', exe, core] or ['-p', '123']. */
  args: string[];
  /** Open file descriptors handed to gdb as fd 3, 4, ... (so gdb reads exactly the file Triage checked). */
  passFds?: number[];
  timeoutMs: number;
  maxOutputBytes?: number;
  /** Called when the deadline kills gdb (live capture uses it to make sure the process runs on). */
  onKilled?: () => void;
}

export interface MiResult {
  resultClass: string;
  results: MiTuple;
  /** Console and log stream text printed while the command ran. */
  console: string;
  log: string;
}

interface Pending {
  token: number;
  resolve(r: MiResult): void;
  reject(e: unknown): void;
  console: string;
  log: string;
}

/** One gdb process speaking GDB/MI over pipes, one command at a time, under a hard deadline. */
export class GdbSession {
  /** Console/log text gdb printed while loading (signal line, warnings, ptrace errors). */
  startupConsole = '';
  startupLog = '';
  private buffer = '';
  private outputBytes = 0;
  private stderr = '';
  private nextToken = 1;
  private pending: Pending | null = null;
  private ready: { resolve(): void; reject(e: unknown): void } | null = null;
  private failure: unknown = null;
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private timer: NodeJS.Timeout;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly workDir: string,
    private readonly opts: GdbSessionOptions,
  ) {
    this.exitPromise = new Promise((resolve) => child.once('close', () => resolve()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (this.stderr.length < 65_536) this.stderr += chunk;
    });
    child.once('error', (error) => this.fail(new TriageError('INTERNAL', 'gdb could not be started.', String(error))));
    child.once('close', () => {
      this.exited = true;
      this.fail(new TriageError('INTERNAL', 'gdb stopped unexpectedly.', this.stderr.slice(-2000) || undefined));
    });
    child.stdin.on('error', () => {
      // gdb went away; the close handler reports it.
    });
    this.timer = setTimeout(() => {
      this.fail(new TriageError('TIMEOUT', `gdb did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped.`));
      this.kill();
      opts.onKilled?.();
    }, opts.timeoutMs);
  }

  static async start(opts: GdbSessionOptions): Promise<GdbSession> {
    const workDir = await mkdtemp(join(tmpdir(), 'triage-gdb-'));
    const passFds = opts.passFds ?? [];
    const argv = ['--interpreter=mi3', '-nx', '-q', ...safeSettingArgs(), ...opts.args];
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(opts.gdbPath, argv, {
        cwd: workDir,
        env: cleanToolEnv(workDir),
        stdio: ['pipe', 'pipe', 'pipe', ...passFds],
      }) as unknown as ChildProcessWithoutNullStreams; // stdio 0-2 are pipes, so the streams exist.
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      throw new TriageError('INTERNAL', 'gdb could not be started.', String(error));
    }
    const session = new GdbSession(child, workDir, opts);
    try {
      await new Promise<void>((resolve, reject) => {
        if (session.failure) reject(session.failure);
        else session.ready = { resolve, reject };
      });
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one MI command; `^error` comes back as a result with resultClass 'error'. */
  command(cmd: string): Promise<MiResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new TriageError('INTERNAL', 'gdb is busy with another command.'));
    const token = this.nextToken++;
    return new Promise<MiResult>((resolve, reject) => {
      this.pending = { token, resolve, reject, console: '', log: '' };
      (this.child.stdin as Writable).write(`${token}${cmd}\n`);
    });
  }

  /** Ends gdb (asking first, then by force) and removes its private folder. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.exited) {
      try {
        (this.child.stdin as Writable).end('-gdb-exit\n');
      } catch {
        // already gone
      }
      const grace = setTimeout(() => this.kill(), 3000);
      await this.exitPromise;
      clearTimeout(grace);
    }
    await rm(this.workDir, { recursive: true, force: true });
  }

  private kill(): void {
    if (!this.exited && this.child.pid !== undefined) {
      try {
        this.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private fail(error: unknown): void {
    if (!this.failure) this.failure = error;
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
    const r = this.ready;
    this.ready = null;
    r?.reject(this.failure);
  }

  private onData(chunk: string): void {
    this.outputBytes += chunk.length;
    if (this.outputBytes > (this.opts.maxOutputBytes ?? 256 * 1024 * 1024)) {
      this.fail(new TriageError('INTERNAL', 'gdb printed far more output than expected and was stopped.'));
      this.kill();
      return;
    }
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    const rec = parseMiLine(line);
    if (rec.kind === 'prompt') {
      const r = this.ready;
      this.ready = null;
      r?.resolve();
      return;
    }
    if (rec.kind === 'stream') {
      const target = this.pending;
      if (rec.type === '~') {
        if (target) target.console += rec.text;
        else this.startupConsole += rec.text;
      } else if (rec.type === '&') {
        if (target) target.log += rec.text;
        else this.startupLog += rec.text;
      }
      return;
    }
    if (rec.kind === 'result' && this.pending && rec.token === this.pending.token) {
      const p = this.pending;
      this.pending = null;
      p.resolve({ resultClass: rec.resultClass, results: rec.results, console: p.console, log: p.log });
    }
  }
}
