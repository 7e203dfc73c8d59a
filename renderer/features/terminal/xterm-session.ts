import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { copyText } from '../../app/copy.js';
import type { TerminalChannel } from './channel.js';
import { createPacedWriter } from './paced-writer.js';
import { TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE } from './warm-fonts.js';
import { loadGpuRendererIfAvailable } from './webgl.js';

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
function exitBanner(code: number | null, signal: string | null, program = 'program'): string {
  const what = signal ? `killed by ${signal}` : `exited with status ${code ?? '?'}`;
  return `\r\n\x1b[2m[${program} ${what}]\x1b[0m\r\n`;
}

export function createXterm(): { term: Terminal; fit: FitAddon; search: SearchAddon } {
  const term = new Terminal({
    scrollback: 10_000,
    fontSize: TERMINAL_FONT_SIZE,
    fontFamily: TERMINAL_FONT_FAMILY,
    cursorBlink: true,
    theme: THEME,
    // OSC 8 links never become clickable (the escape guards swallow them); no handler opens anything.
    linkHandler: null,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  return { term, fit, search };
}

/** Ctrl+Shift+C copies the selection (plain Ctrl+C belongs to the program: it interrupts it). */
export function bindCopyKey(term: Terminal, onNotice: (notice: string) => void): void {
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
      void copyText(term.getSelection()).then((ok) => onNotice(ok ? 'Selection copied.' : 'The browser refused the clipboard.'));
      return false;
    }
    return true;
  });
}

/** Output from the channel into the terminal; size and keys back. Returns the unhook. */
export function pipeChannel(term: Terminal, channel: TerminalChannel, programName: string): () => void {
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
  const offData = term.onData((data) => {
    void channel.input(data).catch(() => undefined);
  });
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
    offOutput();
    // Whatever xterm had not parsed yet is acknowledged too, or the program would stay paused.
    ack(writer.dispose());
    offResize.dispose();
    offData.dispose();
  };
}

/**
 * Opens the terminal in host a frame after mounting, then keeps it fitted to the host's box. Returns the undo.
 * Opening measures fonts with forced layouts; right after the page mounted that means laying out the
 * whole new page inside this task. After a frame only the terminal's own box is dirty. Output that
 * arrives meanwhile is parsed into the buffer and drawn at open.
 */
export function openAfterLayout(term: Terminal, fit: FitAddon, host: HTMLElement, focus: boolean): () => void {
  let disposed = false;
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
    if (focus) term.focus();
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
  return () => {
    disposed = true;
    cancelAnimationFrame(frame);
    if (openTimer) clearTimeout(openTimer);
    clearTimeout(openFallback);
    observer?.disconnect();
    unloadGpu();
  };
}
