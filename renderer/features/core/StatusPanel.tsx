import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CopyTextButton } from '../../app/CopyTextButton.js';
import { Fact } from '../../app/Fact.js';
import { limitText, willDumpBadge } from './display.js';
import { ErrorNote } from './ErrorNote.js';
import { LaunchForm } from './LaunchForm.js';
import { useCore } from './store.js';

/** "Are core dumps on?": the kernel's answer in words, and how to turn them on. */
export function StatusPanel() {
  const { status, loadStatus } = useCore(useShallow((s) => ({ status: s.status, loadStatus: s.loadStatus })));
  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);
  const data = status.data;
  const badge = data ? willDumpBadge(data) : null;

  return (
    <section className="card core-status" data-testid="core-status">
      <div className="core-section-head">
        <h2>Are core dumps on?</h2>
        {badge ? (
          <span className={`core-badge tone-${badge.tone}`} data-testid="core-status-badge">
            {badge.label}
          </span>
        ) : null}
        <button type="button" className="button core-push-right" disabled={status.phase === 'loading'} onClick={() => void loadStatus()}>
          Check again
        </button>
      </div>
      {status.phase === 'error' && status.error ? <ErrorNote error={status.error} detail={status.detail} testId="core-status-error" /> : null}
      {status.phase === 'loading' && !data ? <p className="muted">Reading the kernel's core dump settings…</p> : null}
      {data ? (
        <>
          <p className="core-summary" data-testid="core-status-summary">
            {data.summary}
          </p>
          <dl className="facts">
            <Fact label="Where cores go" testId="core-status-where">
              {data.where}
            </Fact>
            <Fact label="Kernel setting">
              <code className="mono">{data.pattern || '(empty)'}</code>
              <span className="muted"> (/proc/sys/kernel/core_pattern)</span>
            </Fact>
            {data.pipeProgram ? (
              <Fact label="Handled by" className="mono">
                {data.pipeProgram}
              </Fact>
            ) : null}
            <Fact label="Core size limit">{limitText(data.limit)}</Fact>
          </dl>
          <details className="core-howto" data-testid="core-howto">
            <summary>How to turn them on</summary>
            <div className="core-howto-body">
              <h3>For one program</h3>
              <p>{data.howToEnable.forOneProgram}</p>
              {data.launchUnavailable ? (
                <p className="muted" data-testid="core-launch-unavailable">
                  {data.launchUnavailable}
                </p>
              ) : (
                <LaunchForm />
              )}
              <h3>For everything started from one terminal</h3>
              <p>Run this in the terminal first; programs started from it afterwards leave cores:</p>
              <div className="core-command">
                <code className="mono" data-testid="core-session-command">
                  {data.howToEnable.forSession}
                </code>
                <CopyTextButton text={data.howToEnable.forSession} failedLabel="Select and copy by hand" />
              </div>
              {data.howToEnable.note ? <p className="muted">{data.howToEnable.note}</p> : null}
            </div>
          </details>
        </>
      ) : null}
    </section>
  );
}
