import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TerminalChannel } from './channel.js';
import { copyText } from '../../app/copy.js';
import { installEscapeGuards } from './escape-guard.js';
import { TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE } from './warm-fonts.js';
import { createPacedWriter } from './paced-writer.js';
import { loadGpuRendererIfAvailable } from './webgl.js';
import './terminal.css';

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
export function exitBanner(code: number | null, signal: string | null, program = 'program'): string {
  const what = signal ? `killed by ${signal}` : `exited with status ${code ?? '?'}`;
  return `\r\n\x1b[2m[${program} ${what}]\x1b[0m\r\n`;
}

export interface TerminalViewProps {
  /** Keep it stable (useMemo on the session id): a new channel is a new subscription. */
  channel: TerminalChannel;
  /** False when the keyboard does not reach the program (an attached process keeps its own terminal). */
  interactive: boolean;
  title: string;
  /** One line next to the title: what typing does here. */
  hint: string;
  /** data-testid prefix: PREFIX-terminal (the screen), PREFIX-terminal-find, PREFIX-escape-refused. */
  testIdPrefix: string;
  /** Names the program in the exit banner: "[gdb exited with status 0]". */
  programName?: string;
  /** Buttons for the bar (Close, …). */
  actions?: ReactNode;
  /** Put the keyboard focus in the terminal once it is open. */
  autoFocus?: boolean;
}

/**
 * A pseudo-terminal on screen: output from the channel's stream, acknowledged once xterm has parsed it
 * (the backend pauses the program when the page falls behind), keys and size back through the channel.
 * OSC 52 (clipboard) and OSC 8 (links) from the program are swallowed.
 */
export function TerminalView({ channel, interactive, title, hint, testIdPrefix, programName = 'program', actions, autoFocus = false }: TerminalViewProps) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [needle, setNeedle] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      scrollback: 10_000,
      fontSize: TERMINAL_FONT_SIZE,
      fontFamily: TERMINAL_FONT_FAMILY,
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
    const ack = (chars: number) => {
      if (chars > 0) void channel.ack(chars).catch(() => undefined);
    };
    // Output goes in in slices with rests, acknowledged once parsed: a program flooding its terminal
    // gets paused by the backend instead of taking the page's main thread.
    const writer = createPacedWriter((data, parsed) => term.write(data, parsed), ack);
    const offResize = term.onResize(({ cols, rows }) => {
      void channel.resize(cols, rows).catch(() => undefined);
    });
    const offData = interactive
      ? term.onData((data) => {
          void channel.input(data).catch(() => undefined);
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

    // Opening measures fonts with forced layouts; right after the page mounted that means laying out the
    // whole new page inside this task. After a frame only the terminal's own box is dirty. Output that
    // arrives meanwhile is parsed into the buffer and drawn at open.
    let observer: ResizeObserver | null = null;
    const refit = () => {
      if (!disposed && host.clientWidth > 0) fit.fit();
    };
    let opened = false;
    let unloadGpu = () => {};
    const openNow = () => {
      if (disposed || opened) return;
      opened = true;
      term.open(host);
      unloadGpu = loadGpuRendererIfAvailable(term);
      if (autoFocus && interactive) term.focus();
      // Fitting re-measures and redraws every row: its own task, so neither half is long.
      setTimeout(refit, 0);
      observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => requestAnimationFrame(refit));
      observer?.observe(host);
    };
    let openTimer: ReturnType<typeof setTimeout> | null = null;
    const frame = requestAnimationFrame(() => {
      openTimer = setTimeout(openNow, 0);
    });
    // A hidden tab gets no frames: open anyway.
    const openFallback = setTimeout(openNow, 500);

    const offOutput = channel.subscribe({
      next(message) {
        if (disposed) return;
        if (message.kind === 'exit') writer.push(exitBanner(message.code, message.signal, programName), false);
        else writer.push(message.data);
      },
      error(error) {
        if (!disposed) writer.push(`\r\n\x1b[2m[terminal output stopped: ${error.message}]\x1b[0m\r\n`, false);
      },
    });

    return () => {
      disposed = true;
      cancelAnimationFrame(frame);
      if (openTimer) clearTimeout(openTimer);
      clearTimeout(openFallback);
      offOutput();
      // Whatever xterm had not parsed yet is acknowledged too, or the program would stay paused.
      ack(writer.dispose());
      observer?.disconnect();
      offResize.dispose();
      offData?.dispose();
      removeGuards();
      unloadGpu();
      termRef.current = null;
      searchRef.current = null;
      term.dispose();
    };
  }, [channel, interactive, programName, autoFocus]);

  const find = (forward: boolean) => {
    const search = searchRef.current;
    if (!search || needle === '') return;
    const found = forward ? search.findNext(needle) : search.findPrevious(needle);
    setNotice(found ? null : `"${needle}" is not in the terminal.`);
  };

  return (
    <section className="card terminal-card" aria-label={`${title} terminal`}>
      <div className="terminal-bar">
        <h2>{title}</h2>
        <span className="muted small">{hint}</span>
        <form
          className="terminal-search"
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
            data-testid={`${testIdPrefix}-terminal-find`}
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
        {actions}
      </div>
      {refused ? (
        <p className="terminal-note" data-testid={`${testIdPrefix}-escape-refused`}>
          The program tried to use {refused}; Triage ignored it. Programs in this terminal cannot touch your clipboard or make links.
        </p>
      ) : null}
      {notice ? <p className="terminal-note muted">{notice}</p> : null}
      <div className="terminal-screen" ref={hostRef} data-testid={`${testIdPrefix}-terminal`} />
    </section>
  );
}
