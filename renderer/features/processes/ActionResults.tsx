import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CopyTextButton } from '../../app/CopyTextButton.js';
import { useCanAct } from '../../client/index.js';
import { actionTitle } from './actions.js';
import { useProcesses } from './store.js';

function CopyCommand({ command }: { command: string }) {
  return (
    <div className="privileged">
      <code className="mono" data-testid="privileged-command">
        {command}
      </code>
      <CopyTextButton text={command} failedLabel="Select and copy it" />
    </div>
  );
}

/** Same action again with administrator rights: pkexec asks for the password, Triage stays unprivileged. */
function RetryPrivileged({ onRetry }: { onRetry: () => Promise<void> }) {
  const [running, setRunning] = useState(false);
  const canAct = useCanAct();
  return (
    <button
      type="button"
      className="button"
      data-testid="privileged-retry"
      disabled={running || !canAct}
      onClick={() => {
        setRunning(true);
        void onRetry().finally(() => setRunning(false));
      }}
    >
      {running ? 'Waiting for the administrator password…' : 'Retry with administrator rights'}
    </button>
  );
}

/** The outcome of the last confirmed action, one sentence per process, where the action was started. */
export function ActionResults() {
  const { batch, dismiss, requestAction, retryPrivileged } = useProcesses(
    useShallow((s) => ({ batch: s.lastBatch, dismiss: s.dismissResults, requestAction: s.requestAction, retryPrivileged: s.retryPrivileged })),
  );
  const canAct = useCanAct();
  if (!batch) return null;
  const refused = batch.items.filter((i) => i.result.code === 'REFUSED').map((i) => i.target);
  const allOk = batch.items.every((i) => i.result.ok);
  return (
    <section className={allOk ? 'card action-results ok' : 'card action-results failed'} aria-live="polite" data-testid="action-results">
      <header className="results-head">
        <h3>{actionTitle(batch.request)}</h3>
        <button type="button" className="button" onClick={dismiss} aria-label="Dismiss the result">
          ✕
        </button>
      </header>
      <ul>
        {batch.items.map(({ target, result }) => (
          <li key={`${target.pid}:${target.startTime}`} data-testid="action-result" data-ok={String(result.ok)} data-code={result.code ?? ''}>
            <span className="result-mark" aria-hidden="true">
              {result.ok ? '✓' : '✗'}
            </span>
            <span>{result.message}</span>
            {result.privileged ? <CopyCommand command={result.privileged.commandLine} /> : null}
            {result.privileged?.pkexecAvailable ? <RetryPrivileged onRetry={() => retryPrivileged(target)} /> : null}
            {result.auditError ? <p className="warn-text">{result.auditError}</p> : null}
          </li>
        ))}
      </ul>
      {refused.length > 0 && !batch.force ? (
        <button
          type="button"
          className="button danger"
          data-testid="action-force"
          disabled={!canAct}
          onClick={() => requestAction(batch.request, { force: true, targets: refused })}
        >
          Force anyway…
        </button>
      ) : null}
    </section>
  );
}
