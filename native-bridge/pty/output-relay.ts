import type { TerminalOutputMessage } from '../contract/terminal.js';
import type { PtyExit } from './pty-session.js';

export interface OutputRelayOptions {
  /** Output kept for listeners that subscribe late (the UI subscribes after the open call returns). */
  scrollbackChars?: number;
  /**
   * Acknowledges output nobody is watching, so the pty is not paused for a view that is not there.
   * Bind it to the session's ack() (it may be created after the relay: pass a function that looks it up).
   */
  ackUnwatched(chars: number): void;
}

/** Fans one pty's output out to the terminal views subscribed to it, with a replayable scrollback. */
export interface OutputRelay {
  /** Feed spawnPty's onData here. */
  data(text: string): void;
  /** Feed spawnPty's exit here; every listener gets the exit message. */
  exit(exit: PtyExit): void;
  /** Replays the scrollback (and the exit, once ended), then streams; returns the unsubscribe. */
  subscribe(listener: (message: TerminalOutputMessage) => void): () => void;
  readonly ended: PtyExit | null;
  readonly listeners: number;
}

export function createOutputRelay(options: OutputRelayOptions): OutputRelay {
  const max = options.scrollbackChars ?? 256 * 1024;
  const listeners = new Set<(message: TerminalOutputMessage) => void>();
  let scrollback = '';
  let ended: PtyExit | null = null;

  return {
    data(text) {
      scrollback = (scrollback + text).slice(-max);
      if (listeners.size === 0) options.ackUnwatched(text.length);
      else for (const l of listeners) l({ kind: 'data', data: text });
    },
    exit(exit) {
      if (ended) return;
      ended = exit;
      for (const l of listeners) l({ kind: 'exit', code: exit.code, signal: exit.signal });
    },
    subscribe(listener) {
      if (scrollback) listener({ kind: 'data', data: scrollback });
      if (ended) listener({ kind: 'exit', code: ended.code, signal: ended.signal });
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get ended() {
      return ended;
    },
    get listeners() {
      return listeners.size;
    },
  };
}
