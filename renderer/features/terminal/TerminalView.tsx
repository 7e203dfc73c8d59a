import type { SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { TerminalChannel } from './channel.js';
import { copyText } from '../../app/copy.js';
import { installEscapeGuards } from './escape-guard.js';
import { bindCopyKey, createXterm, openAfterLayout, pipeChannel } from './xterm-session.js';
import './terminal.css';


interface XtermOptions {
  channel: TerminalChannel;
  programName: string;
  autoFocus: boolean;
  onRefused: (what: string) => void;
  onNotice: (notice: string) => void;
}

/** One xterm in hostRef for as long as the channel and options stay the same. */
function useXterm(hostRef: RefObject<HTMLDivElement | null>, options: XtermOptions) {
  const { channel, programName, autoFocus, onRefused, onNotice } = options;
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const { term, fit, search } = createXterm();
    // Last, so the guards are tried before anything registered above.
    const removeGuards = installEscapeGuards(term, (_ident, what) => onRefused(what));
    termRef.current = term;
    searchRef.current = search;
    bindCopyKey(term, onNotice);
    const closeView = openAfterLayout(term, fit, host, autoFocus);
    const unpipe = pipeChannel(term, channel, programName);
    return () => {
      closeView();
      unpipe();
      removeGuards();
      termRef.current = null;
      searchRef.current = null;
      term.dispose();
    };
    // The callbacks are state setters (stable): only a new channel or option rebuilds the terminal.
  }, [hostRef, channel, programName, autoFocus, onRefused, onNotice]);
  return { termRef, searchRef };
}

interface SearchProps {
  testIdPrefix: string;
  termRef: RefObject<Terminal | null>;
  searchRef: RefObject<SearchAddon | null>;
  onNotice: (notice: string | null) => void;
}

/** Find in the terminal's scrollback, and copy its selection. */
function TerminalSearch({ testIdPrefix, termRef, searchRef, onNotice }: SearchProps) {
  const [needle, setNeedle] = useState('');
  const find = (forward: boolean) => {
    const search = searchRef.current;
    if (!search || needle === '') return;
    const found = forward ? search.findNext(needle) : search.findPrevious(needle);
    onNotice(found ? null : `"${needle}" is not in the terminal.`);
  };
  return (
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
          void copyText(text).then((ok) => onNotice(text === '' ? 'Select text in the terminal first.' : ok ? 'Selection copied.' : 'The browser refused the clipboard.'));
        }}
      >
        Copy selection
      </button>
    </form>
  );
}

export interface TerminalViewProps {
  /** Keep it stable (useMemo on the session id): a new channel is a new subscription. */
  channel: TerminalChannel;
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
export function TerminalView({ channel, title, hint, testIdPrefix, programName = 'program', actions, autoFocus = false }: TerminalViewProps) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { termRef, searchRef } = useXterm(hostRef, { channel, programName, autoFocus, onRefused: setRefused, onNotice: setNotice });

  return (
    <section className="card terminal-card" aria-label={`${title} terminal`}>
      <div className="terminal-bar">
        <h2>{title}</h2>
        <span className="muted small">{hint}</span>
        <TerminalSearch testIdPrefix={testIdPrefix} termRef={termRef} searchRef={searchRef} onNotice={setNotice} />
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
