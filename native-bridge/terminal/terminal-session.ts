import { randomUUID } from 'node:crypto';
import { TriageError } from '../contract/errors.js';
import type { TerminalOutputMessage } from '../contract/terminal.js';
import { createOutputRelay } from '../pty/output-relay.js';
import { spawnPty, type PtySession } from '../pty/pty-session.js';

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

export type TerminalSession = Awaited<ReturnType<typeof startTerminalSession>>;

/** A program in a pseudo-terminal that any number of terminal views can watch and type into. */
export async function startTerminalSession(options: TerminalSessionOptions) {
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
    /** Terminal views subscribed right now. */
    get watchers() {
      return output.listeners;
    },
    /** Resolves once the program has ended and its resources are released. */
    done,
    subscribe: (listener: (message: TerminalOutputMessage) => void) => output.subscribe(listener),
    write(data: string) {
      if (session.exit !== null) {
        throw new TriageError('NOT_FOUND', `${options.label} has ended in this terminal; close it and open a new one.`);
      }
      session.write(data);
    },
    resize(cols: number, rows: number) {
      session.resize(cols, rows);
    },
    ack(chars: number) {
      session.ack(chars);
    },
    /** Ends the program (SIGHUP, then SIGKILL to its process group) and waits for the release. */
    close(): Promise<void> {
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
