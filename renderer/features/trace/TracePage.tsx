import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatClock } from '../../app/format.js';
import { RetryError } from '../../app/RetryError.js';
import { warmTerminalFonts } from '../terminal/index.js';
import { quoteForDisplay } from '../../app/shell-words.js';
import { Findings } from './Findings.js';
import { SessionBar } from './SessionBar.js';
import { StartForm } from './StartForm.js';
import { useTrace } from './store.js';
import { TraceTerminal } from './TraceTerminal.js';
import './trace.css';

function OpenSessions() {
  const { openSessions, reopen, discardOther } = useTrace(
    useShallow((s) => ({ openSessions: s.openSessions, reopen: s.reopen, discardOther: s.discardOther })),
  );
  if (openSessions.length === 0) return null;
  return (
    <section className="card" data-testid="trace-open-sessions">
      <h2>Traces still open</h2>
      <ul className="open-sessions">
        {openSessions.map((s) => (
          <li key={s.id}>
            <code>{quoteForDisplay(s.command)}</code>
            <span className="muted small">
              {s.tool} · {s.state} · started {formatClock(s.startedAt)}
            </span>
            <button type="button" className="button small" onClick={() => reopen(s)}>
              Open
            </button>
            <button type="button" className="button small" onClick={() => void discardOther(s.id)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TracePage() {
  const { session, error, loadRecipes, listSessions } = useTrace(
    useShallow((s) => ({ session: s.session, error: s.error, loadRecipes: s.loadRecipes, listSessions: s.listSessions })),
  );
  useEffect(() => {
    void loadRecipes();
    void listSessions();
    // While the form is filled in, so the terminal opens without a font lookup once the trace starts.
    warmTerminalFonts();
  }, [loadRecipes, listSessions]);

  return (
    <div className="page trace" data-testid="trace">
      <div className="page-head">
        <h1>Trace a program</h1>
        <span className="muted small">strace and ltrace, read for you: what failed, and why it ended.</span>
      </div>
      <RetryError error={error} testId="trace-error" />
      {session ? (
        <>
          <SessionBar />
          {session.mode === 'launch' ? <TraceTerminal sessionId={session.id} /> : null}
          <Findings />
        </>
      ) : (
        <>
          <OpenSessions />
          <StartForm />
        </>
      )}
    </div>
  );
}
