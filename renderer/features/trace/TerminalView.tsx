import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { getClient } from '../../client/index.js';
import { installEscapeGuards } from './escape-guard.js';
import { copyText } from './copy.js';

const THEME = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#e6edf3',
  selectionBackground: '#388bfd66',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
};

/** How the program's end reads in its terminal, dimmed so it is not mistaken for program output. */
export function exitBanner(code: number | null, signal: string | null): string {
  const what = signal ? `killed by ${signal}` : `exited with status ${code ?? '?'}`;
  return `\r\n\x1b[2m[program ${what}]\x1b[0m\r\n`;
}

export interface TerminalViewProps {
  sessionId: string;
  /** Launched programs read the keyboard; an attached process keeps its own terminal. */
  interactive: boolean;
}

/**
 * The traced program's pseudo-terminal: output from trace.output, acknowledged once xterm has parsed
 * it (the backend pauses the program when the page falls behind), keys to trace.input, size to
 * trace.resize.
 */
export function TerminalView({ sessionId, interactive }: TerminalViewProps) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [needle, setNeedle] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const client = getClient();
    const term = new Terminal({
      scrollback: 10_000,
      fontSize: 13,
      fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, monospace",
      cursorBlink: interactive,
      disableStdin: !interactive,
      theme: THEME,
      // OSC 8 links never become clickable (the guard below swallows them); no handler opens anything.
      linkHandler: null,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    // Last, so the guards are tried before anything registered above.
    const removeGuards = installEscapeGuards(term, (_ident, what) => setRefused(what));
    termRef.current = term;
    searchRef.current = search;

    let disposed = false;
    let unacknowledged = 0;
    const ack = (chars: number) => {
      if (chars > 0) void client.call('trace.ackOutput', { id: sessionId, chars }).catch(() => undefined);
    };
    const offResize = term.onResize(({ cols, rows }) => {
      void client.call('trace.resize', { id: sessionId, cols, rows }).catch(() => undefined);
    });
    const offData = interactive
      ? term.onData((data) => {
          void client.call('trace.input', { id: sessionId, data }).catch(() => undefined);
        })
      : null;
    // Ctrl+Shift+C copies the selection (plain Ctrl+C belongs to the program: it interrupts it).
    term.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
        void copyText(term.getSelection()).then((ok) => setNotice(ok ? 'Selection copied.' : 'The browser refused the clipboard.'));
        return false;
      }
      return true;
    });

    term.open(host);
    const refit = () => {
      if (!disposed && host.clientWidth > 0) fit.fit();
    };
    refit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => requestAnimationFrame(refit));
    observer?.observe(host);

    const offOutput = client.subscribe(
      'trace.output',
      { id: sessionId },
      {
        next(message) {
          if (disposed) return;
          if (message.kind === 'exit') {
            term.write(exitBanner(message.code, message.signal));
            return;
          }
          const chars = message.data.length;
          unacknowledged += chars;
          term.write(message.data, () => {
            if (disposed) return;
            unacknowledged -= chars;
            ack(chars);
          });
        },
        error(error) {
          if (!disposed) term.write(`\r\n\x1b[2m[terminal output stopped: ${error.message}]\x1b[0m\r\n`);
        },
      },
    );

    return () => {
      disposed = true;
      offOutput();
      // Whatever xterm had not parsed yet is acknowledged too, or the program would stay paused.
      ack(unacknowledged);
      observer?.disconnect();
      offResize.dispose();
      offData?.dispose();
      removeGuards();
      termRef.current = null;
      searchRef.current = null;
      term.dispose();
    };
  }, [sessionId, interactive]);

  const find = (forward: boolean) => {
    const search = searchRef.current;
    if (!search || needle === '') return;
    const found = forward ? search.findNext(needle) : search.findPrevious(needle);
    setNotice(found ? null : `"${needle}" is not in the terminal.`);
  };

  return (
    <section className="card trace-terminal-card" aria-label="Program terminal">
      <div className="trace-terminal-bar">
        <h2>Terminal</h2>
        <span className="muted small">
          {interactive ? 'Keys typed here go to the program. Ctrl+Shift+C copies.' : 'The attached process keeps its own terminal.'}
        </span>
        <form
          className="trace-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            find(true);
          }}
        >
          <input
            type="search"
            placeholder="Find in terminal"
            aria-label="Find in terminal"
            value={needle}
            data-testid="trace-terminal-find"
            onChange={(event) => setNeedle(event.target.value)}
          />
          <button type="button" className="button" onClick={() => find(false)} aria-label="Previous match">
            ↑
          </button>
          <button type="submit" className="button" aria-label="Next match">
            ↓
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              const text = termRef.current?.getSelection() ?? '';
              void copyText(text).then((ok) => setNotice(text === '' ? 'Select text in the terminal first.' : ok ? 'Selection copied.' : 'The browser refused the clipboard.'));
            }}
          >
            Copy selection
          </button>
        </form>
      </div>
      {refused ? (
        <p className="trace-note" data-testid="trace-escape-refused">
          The program tried to use {refused}; Triage ignored it. Programs in this terminal cannot touch your clipboard or make links.
        </p>
      ) : null}
      {notice ? <p className="trace-note muted">{notice}</p> : null}
      <div className="trace-terminal" ref={hostRef} data-testid="trace-terminal" />
    </section>
  );
}
