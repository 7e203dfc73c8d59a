import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DashboardCharts } from './charts/DashboardCharts.js';
import { Controls } from './Controls.js';
import { HeaderStats } from './HeaderStats.js';
import { useDashboard } from './store.js';

export function DashboardPage() {
  const { status, error, hasData, start } = useDashboard(
    useShallow((s) => ({ status: s.status, error: s.error, hasData: s.latest !== null, start: s.start })),
  );
  // The subscription outlives this page on purpose: coming back to the dashboard shows the history at once.
  useEffect(() => start(), [start]);

  return (
    <div className="page dashboard" data-testid="dashboard">
      <div className="page-head">
        <h1>System dashboard</h1>
        <Controls />
      </div>
      {error ? (
        <div className="error-box" role="alert" data-testid="dashboard-error">
          {error}{' '}
          {status === 'error' ? (
            <button type="button" className="button" onClick={start}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}
      {hasData ? (
        <>
          <HeaderStats />
          <DashboardCharts />
        </>
      ) : status !== 'error' ? (
        <p className="muted" data-testid="dashboard-waiting">
          Waiting for the first sample from the Triage backend…
        </p>
      ) : null}
    </div>
  );
}
