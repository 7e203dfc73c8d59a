import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { terminalContract } from '../contract/terminal.js';
import { startTerminalSession, type TerminalSession } from './terminal-session.js';

/** A program the backend checked and built a command line for, with what to release once it ends. */
export interface PreparedProgram {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  release(): Promise<void>;
}

export interface TerminalServiceOptions {
  /** gdb on a checked core (the core capability's checks, wired by the backend). */
  prepareGdbOnCore: (path: string, exe: string | undefined) => Promise<PreparedProgram>;
  /** Terminals open at once; ended or unwatched ones give way to a new one, watched running ones do not. */
  maxTerminals?: number;
  scrollbackChars?: number;
  killGraceMs?: number;
}

export interface TerminalService extends Implementation<typeof terminalContract> {
  /** Ends every terminal's program and releases everything (backend shutdown). */
  disposeAll(): Promise<void>;
}

const CLOSED = 'That terminal is closed (or Triage restarted); open it again.';

/** gdb on a core file, from the command line the core service checked and built. */
async function startGdbOnCore(options: TerminalServiceOptions, path: string, exe: string | undefined, cols: number, rows: number): Promise<TerminalSession> {
  const gdb = await options.prepareGdbOnCore(path, exe);
  const { argv, cwd, env, release } = gdb;
  return startTerminalSession({ argv, cwd, env, cols, rows, label: 'gdb', scrollbackChars: options.scrollbackChars, killGraceMs: options.killGraceMs, release });
}

/** Interactive programs in pseudo-terminals, each started from a command line the backend built itself. */
export function createTerminalService(options: TerminalServiceOptions): TerminalService {
  const sessions = new Map<string, TerminalSession>();
  const max = options.maxTerminals ?? 8;
  let opening = 0;
  let disposed = false;

  function get(id: string): TerminalSession {
    const s = sessions.get(id);
    if (!s) throw new TriageError('NOT_FOUND', CLOSED);
    return s;
  }

  /**
   * Makes room for one more and counts it as opening (no await between the check and the count, so two
   * opens at once cannot both take the last place). Ended terminals give way first, then running ones
   * nobody watches (a reloaded page forgets its terminals), oldest first; watched ones never do.
   */
  async function reserve(): Promise<void> {
    if (disposed) throw new TriageError('REFUSED', 'Triage is shutting down.');
    for (const mayGo of [(s: TerminalSession) => s.exit !== null, (s: TerminalSession) => s.watchers === 0]) {
      for (const [id, s] of sessions) {
        if (sessions.size + opening < max) break;
        if (!mayGo(s)) continue;
        sessions.delete(id);
        await s.close();
      }
    }
    if (sessions.size + opening >= max) {
      throw new TriageError('RATE_LIMITED', `Too many terminals are open (at most ${max}); close one first.`);
    }
    opening++;
  }

  return {
    'terminal.openGdbOnCore': async ({ path, exe, cols, rows }) => {
      await reserve();
      let session: TerminalSession;
      try {
        session = await startGdbOnCore(options, path, exe, cols, rows);
      } finally {
        opening--;
      }
      if (disposed) {
        await session.close();
        throw new TriageError('REFUSED', 'Triage is shutting down.');
      }
      sessions.set(session.id, session);
      return { id: session.id, argv: [...session.argv] };
    },
    'terminal.output': ({ id }, sink) => {
      const s = sessions.get(id);
      if (!s) {
        sink.fail(new TriageError('NOT_FOUND', CLOSED));
        return () => {};
      }
      return s.subscribe((message) => sink.next(message));
    },
    'terminal.input': async ({ id, data }) => {
      get(id).write(data);
      return {};
    },
    'terminal.resize': async ({ id, cols, rows }) => {
      get(id).resize(cols, rows);
      return {};
    },
    'terminal.ackOutput': async ({ id, chars }) => {
      get(id).ack(chars);
      return {};
    },
    'terminal.close': async ({ id }) => {
      const s = get(id);
      sessions.delete(id);
      await s.close();
      return {};
    },
    async disposeAll() {
      disposed = true;
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
