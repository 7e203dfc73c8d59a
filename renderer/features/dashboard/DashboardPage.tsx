import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RetryError } from '../../app/RetryError.js';
import { DashboardCharts } from './charts/DashboardCharts.js';
import { ChangeDetails, useChangeMarkers } from './ChangeDetails.js';
import { Controls } from './Controls.js';
import { HeaderStats } from './HeaderStats.js';
import { useDashboard } from './store.js';

export function DashboardPage() {
  const { status, error, hasData, start } = useDashboard(
    useShallow((s) => ({ status: s.status, error: s.error, hasData: s.latest !== null, start: s.start })),
  );
  // The subscription outlives this page on purpose: coming back to the dashboard shows the history at once.
  useEffect(() => start(), [start]);
  useChangeMarkers();

  return (
    <div className="page dashboard" data-testid="dashboard">
      <div className="page-head">
        <h1>System dashboard</h1>
        <Controls />
      </div>
      <RetryError error={error} testId="dashboard-error" onRetry={status === 'error' ? start : undefined} />
      {hasData ? (
        <>
          <HeaderStats />
          <ChangeDetails />
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
