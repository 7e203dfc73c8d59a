import { Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RetryError } from '../../app/RetryError.js';
import { HistoryWindow } from '../history/index.js';
import { DashboardCharts } from './charts/DashboardCharts.js';
import { ChangeDetails, useChangeMarkers } from './ChangeDetails.js';
import { Controls } from './Controls.js';
import { HeaderStats } from './HeaderStats.js';
import { RangeBar } from './RangeBar.js';
import { useRangeBar } from './range-bar.js';
import { useDashboard } from './store.js';
import { useRangeAddress } from './useRangeAddress.js';

function LiveView() {
  const { status, hasData } = useDashboard(useShallow((s) => ({ status: s.status, hasData: s.latest !== null })));
  useChangeMarkers();
  if (hasData) {
    return (
      <>
        <HeaderStats />
        <ChangeDetails />
        <DashboardCharts />
      </>
    );
  }
  return status !== 'error' ? (
    <p className="muted" data-testid="dashboard-waiting">
      Waiting for the first sample from the Triage backend…
    </p>
  ) : null;
}

export function DashboardPage() {
  const { status, error, start } = useDashboard(useShallow((s) => ({ status: s.status, error: s.error, start: s.start })));
  const live = useRangeBar((s) => s.live);
  // The subscription outlives this page (and the recorded view) on purpose: going back to Live shows the ring at once.
  useEffect(() => start(), [start]);
  useRangeAddress();

  return (
    <div className="page dashboard" data-testid="dashboard">
      <div className="page-head">
        <h1>System dashboard</h1>
        {live ? <Controls /> : null}
      </div>
      <RangeBar />
      {live ? (
        <>
          <RetryError error={error} testId="dashboard-error" onRetry={status === 'error' ? start : undefined} />
          <LiveView />
        </>
      ) : (
        <Suspense fallback={<p className="muted">Loading the recorded window…</p>}>
          <HistoryWindow />
        </Suspense>
      )}
    </div>
  );
}
