import { randomUUID } from 'node:crypto';
import { TriageError } from '../contract/errors.js';
import type { TerminalOutputMessage } from '../contract/terminal.js';
import { createOutputRelay } from '../pty/output-relay.js';
import { spawnPty, type PtyExit, type PtySession } from '../pty/pty-session.js';

export interface TerminalSessionOptions {
  /** argv[0] is the program's absolute path. */
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** What the program means to the user, for error sentences ("gdb"). */
  label: string;
  scrollbackChars?: number;
  /** Runs once after the program has ended (temp folders, held files). */
  release?: () => Promise<void>;
  /** How long close() waits after SIGHUP before SIGKILL. */
  killGraceMs?: number;
}

export interface TerminalSession {
  readonly id: string;
  readonly argv: readonly string[];
  readonly exit: PtyExit | null;
  /** Terminal views subscribed right now. */
  readonly watchers: number;
  /** Resolves once the program has ended and its resources are released. */
  readonly done: Promise<PtyExit>;
  subscribe(listener: (message: TerminalOutputMessage) => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  ack(chars: number): void;
  /** Ends the program (SIGHUP, then SIGKILL to its process group) and waits for the release. */
  close(): Promise<void>;
}

/** A program in a pseudo-terminal that any number of terminal views can watch and type into. */
export async function startTerminalSession(options: TerminalSessionOptions): Promise<TerminalSession> {
  const [file, ...args] = options.argv;
  if (!file) throw new TriageError('INTERNAL', 'The terminal was asked to run nothing.');
  let pty: PtySession | null = null;
  const output = createOutputRelay({ scrollbackChars: options.scrollbackChars, ackUnwatched: (n) => pty?.ack(n) });
  try {
    pty = await spawnPty({ file, args, cwd: options.cwd, env: options.env, cols: options.cols, rows: options.rows, onData: (d) => output.data(d) });
  } catch (error) {
    await options.release?.();
    throw error;
  }
  const session = pty;
  const done = session.exited.then(async (exit) => {
    output.exit(exit);
    await options.release?.().catch(() => undefined);
    return exit;
  });
  let closing: Promise<void> | null = null;

  return {
    id: randomUUID(),
    argv: [...options.argv],
    get exit() {
      return session.exit;
    },
    get watchers() {
      return output.listeners;
    },
    done,
    subscribe: (listener) => output.subscribe(listener),
    write(data) {
      if (session.exit !== null) {
        throw new TriageError('NOT_FOUND', `${options.label} has ended in this terminal; close it and open a new one.`);
      }
      session.write(data);
    },
    resize(cols, rows) {
      session.resize(cols, rows);
    },
    ack(chars) {
      session.ack(chars);
    },
    close() {
      closing ??= (async () => {
        if (session.exit === null) {
          session.kill('SIGHUP', { group: true });
          const forced = setTimeout(() => session.kill('SIGKILL', { group: true }), options.killGraceMs ?? 3_000);
          await session.exited;
          clearTimeout(forced);
        }
        session.dispose();
        await done;
      })();
      return closing;
    },
  };
}
