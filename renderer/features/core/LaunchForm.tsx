import { useEffect, useState, type FormEvent } from 'react';
import { useCanAct } from '../../client/index.js';
import { useShallow } from 'zustand/react/shallow';
import { splitCommandLine } from './argv.js';
import { ErrorNote } from './ErrorNote.js';
import { useCore } from './store.js';

const WATCH_EVERY_MS = 2000;

/** "Run with crash capture": start one program with the core limit raised for it alone. */
export function LaunchForm() {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const { launch, watch, start, checkLaunched, stopWatching } = useCore(
    useShallow((s) => ({ launch: s.launch, watch: s.watch, start: s.startWithCores, checkLaunched: s.checkLaunched, stopWatching: s.stopWatching })),
  );
  const [commandLine, setCommandLine] = useState('');
  const [cwd, setCwd] = useState('');
  const preview = splitCommandLine(commandLine);

  // While the program runs, look for its core now and then; it opens by itself when it appears.
  useEffect(() => {
    if (watch.state !== 'watching') return;
    const timer = setInterval(() => void checkLaunched(), WATCH_EVERY_MS);
    return () => clearInterval(timer);
  }, [watch.state, checkLaunched]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void start(commandLine, cwd);
  };

  return (
    <form className="core-form" onSubmit={submit} data-testid="core-launch-form">
      <label className="core-field">
        <span>Program and arguments</span>
        <input
          className="mono"
          value={commandLine}
          onChange={(e) => setCommandLine(e.target.value)}
          placeholder="/usr/local/bin/myprogram --config 'my file.conf'"
          spellCheck={false}
          data-testid="core-launch-command"
        />
      </label>
      <label className="core-field">
        <span>Run in folder</span>
        <input className="mono" value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder="/home/you/project" spellCheck={false} data-testid="core-launch-cwd" />
      </label>
      <p className="muted core-hint">
        No shell is involved: quotes group words and a backslash escapes one character, but $VARIABLES, ~, * and ; are passed to the program exactly as typed.
      </p>
      {commandLine.trim() && preview.ok ? (
        <ol className="core-argv" data-testid="core-launch-argv" aria-label="Arguments the program will get">
          {preview.argv.map((arg, i) => (
            <li key={i} className="mono">
              {arg === '' ? '""' : arg}
            </li>
          ))}
        </ol>
      ) : null}
      <div className="controls">
        <button type="submit" className="button primary" disabled={!canAct || launch.phase === 'loading'} data-testid="core-launch-submit">
          Run with crash capture
        </button>
      </div>
      {launch.phase === 'error' && launch.error ? <ErrorNote error={launch.error} detail={launch.detail} testId="core-launch-error" /> : null}
      {launch.data ? (
        <div className="core-launched" data-testid="core-launched">
          <p>
            Started process <strong className="num">{launch.data.pid}</strong>. If it crashes, its core goes here: {launch.data.coreWillGo}
          </p>
          {watch.state === 'watching' && watch.pid === launch.data.pid ? (
            <p className="muted" data-testid="core-launch-watching">
              Waiting for it to crash; its core opens below by itself.{' '}
              <button type="button" className="button" onClick={stopWatching}>
                Stop waiting
              </button>
            </p>
          ) : null}
          {watch.state === 'opened' ? <p data-testid="core-launch-opened">It crashed; its core ({watch.corePath}) is open below.</p> : null}
          {watch.state === 'ended' ? <p data-testid="core-launch-ended">{watch.message}</p> : null}
        </div>
      ) : null}
    </form>
  );
}
