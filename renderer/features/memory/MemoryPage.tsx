import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RetryError } from '../../app/RetryError.js';
import { AlertsPanel } from './AlertsPanel.js';
import { PinCard } from './PinCard.js';
import { PinForm } from './PinForm.js';
import { useMemory } from './store.js';
import { SuspectsPanel } from './SuspectsPanel.js';
import './memory.css';

export function MemoryPage() {
  const { status, error, notice, pins, start, watchSuspects, dismissNotice } = useMemory(
    useShallow((s) => ({
      status: s.status,
      error: s.error,
      notice: s.notice,
      pins: s.pins,
      start: s.start,
      watchSuspects: s.watchSuspects,
      dismissNotice: s.dismissNotice,
    })),
  );
  const [allAlerts, setAllAlerts] = useState(false);
  // The stream subscription outlives the page (alerts keep arriving); the all-process sampler behind
  // the suspects runs only while someone looks at them.
  useEffect(() => start(), [start]);
  useEffect(() => {
    watchSuspects(true);
    return () => watchSuspects(false);
  }, [watchSuspects]);

  return (
    <div className="page memory" data-testid="memory">
      <div className="page-head">
        <h1>Memory growth</h1>
        <PinForm />
      </div>
      <RetryError error={error} testId="memory-error" onRetry={status === 'error' ? start : undefined} />
      {notice ? (
        <div className="error-box notice" role="alert" data-testid="memory-notice">
          <span>{notice}</span>
          <button type="button" className="button" onClick={dismissNotice} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      ) : null}
      <AlertsPanel showAll={allAlerts} onToggle={() => setAllAlerts((v) => !v)} />
      {pins.length === 0 ? (
        <p className="muted card" data-testid="pins-empty">
          {status === 'waiting'
            ? 'Connecting to the Triage backend…'
            : 'Nothing pinned yet. Pin a process by its id or program name above, or pick one of the leak suspects below, to see its memory over time and whether it is leaking.'}
        </p>
      ) : (
        <div className="pin-list" data-testid="pin-list">
          {pins.map((pin, i) => (
            <PinCard key={pin.pinId} pin={pin} slot={i} />
          ))}
        </div>
      )}
      <SuspectsPanel />
    </div>
  );
}
