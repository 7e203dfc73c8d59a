/**
 * A sampling loop whose tick runs long (a machine busy with processes and sockets, a stuck shell-out) must
 * say so and keep going: one line on stderr per slow tick, at most one line a minute per loop (the next line
 * counts the ones held back), and never an exception of its own. The loops keep their own error handling.
 */

/** A tick longer than this is reported (ms). Sampling intervals are 0.25-60 s; 2 s is far beyond a healthy tick. */
export const SLOW_TICK_MS = 2000;
/** At most one line per loop this often (ms): a machine that stays slow does not flood the log. */
const QUIET_MS = 60_000;

export interface SlowTickOptions {
  limitMs?: number;
  quietMs?: number;
  /** Where the line goes (default stderr); tests collect it. */
  write?: (line: string) => void;
}

export interface SlowTickGuard {
  /** Runs a synchronous tick, reports it if it took longer than the limit, returns (or throws) what it did. */
  time<T>(tick: () => T): T;
  /** Runs an asynchronous tick; reports it while it is still running at the limit, and its length when it ends. */
  timeAsync<T>(tick: () => Promise<T>): Promise<T>;
}

export function createSlowTickGuard(loop: string, options: SlowTickOptions = {}): SlowTickGuard {
  const limitMs = options.limitMs ?? SLOW_TICK_MS;
  const quietMs = options.quietMs ?? QUIET_MS;
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  let lastLine = Number.NEGATIVE_INFINITY;
  let heldBack = 0;

  function report(text: string): void {
    const now = performance.now();
    if (now - lastLine < quietMs) {
      heldBack++;
      return;
    }
    const more = heldBack > 0 ? ` (${heldBack} more since the last message)` : '';
    lastLine = now;
    heldBack = 0;
    try {
      write(`triage: ${loop}: ${text}${more}; the loop goes on`);
    } catch {
      // A closed stderr must not end the loop that was only being reported on.
    }
  }

  const seconds = (ms: number): string => (ms / 1000).toFixed(1);

  return {
    time<T>(tick: () => T): T {
      const started = performance.now();
      try {
        return tick();
      } finally {
        const took = performance.now() - started;
        if (took > limitMs) report(`a tick took ${seconds(took)} s (more than ${seconds(limitMs)} s)`);
      }
    },
    async timeAsync<T>(tick: () => Promise<T>): Promise<T> {
      const started = performance.now();
      let reportedLate = false;
      // An asynchronous tick can hang (a shell-out that never returns): say so while it hangs, once.
      const late = setTimeout(() => {
        reportedLate = true;
        report(`a tick is still running after ${seconds(limitMs)} s; the next ticks wait for it`);
      }, limitMs);
      late.unref?.();
      try {
        return await tick();
      } finally {
        clearTimeout(late);
        const took = performance.now() - started;
        if (took > limitMs && !reportedLate) report(`a tick took ${seconds(took)} s (more than ${seconds(limitMs)} s)`);
      }
    },
  };
}
