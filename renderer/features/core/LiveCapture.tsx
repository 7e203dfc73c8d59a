import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCore } from './store.js';

/** "What is this hung program doing?": every thread's stack right now. */
export function LiveCapture() {
  const { analysis, ref, captureLive } = useCore(useShallow((s) => ({ analysis: s.analysis, ref: s.ref, captureLive: s.captureLive })));
  const livePid = ref?.kind === 'live' ? ref.pid : null;
  const [pidText, setPidText] = useState(livePid !== null ? String(livePid) : '');

  // A capture started elsewhere (a "#/core?pid=N" link) shows its pid here.
  useEffect(() => {
    if (livePid !== null) setPidText(String(livePid));
  }, [livePid]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void captureLive(pidText);
  };

  return (
    <section className="card core-live" data-testid="core-live">
      <h2>Live backtrace</h2>
      <p className="muted">
        Shows the stack of every thread of a running program. The program is paused only for the moment of the capture and then continues.
      </p>
      <form className="core-inline-form" onSubmit={submit}>
        <label className="core-field">
          <span>Process id (PID)</span>
          <input className="mono core-pid" inputMode="numeric" value={pidText} onChange={(e) => setPidText(e.target.value)} placeholder="1234" data-testid="core-live-pid" />
        </label>
        <button type="submit" className="button primary" disabled={analysis.phase === 'loading'} data-testid="core-live-submit">
          {analysis.phase === 'loading' && ref?.kind === 'live' ? 'Capturing…' : 'Capture backtrace'}
        </button>
      </form>
    </section>
  );
}
