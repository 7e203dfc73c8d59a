import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { useShallow } from 'zustand/react/shallow';
import { formatTimestamp } from '../../../native-bridge/common/format/index.js';
import { useDashboard } from './store.js';

/** How often the markers are asked for while the dashboard is open (as the Findings page's list). */
const CHANGES_EVERY_MS = 30_000;

/** Keeps the chart markers current while the dashboard is shown. */
export function useChangeMarkers(): void {
  const loadChanges = useDashboard((s) => s.loadChanges);
  useVisibleInterval(loadChanges, CHANGES_EVERY_MS);
}

/** The marker the user clicked: its time, kind, line and the source's own words. */
export function ChangeDetails() {
  const { selected, error, selectChange } = useDashboard(useShallow((s) => ({ selected: s.selectedChange, error: s.changesError, selectChange: s.selectChange })));
  if (!selected) return error ? <p className="muted small" data-testid="changes-error">{error}</p> : null;
  return (
    <section className="card change-details" data-testid="change-details" aria-label="What changed">
      <div className="controls">
        <strong>
          {formatTimestamp(selected.time)} · {selected.kind}: {selected.title}
        </strong>
        <button type="button" className="button" onClick={() => selectChange(null)} data-testid="change-details-close">
          Close
        </button>
      </div>
      <pre className="mono small" data-testid="change-details-text" style={{ whiteSpace: 'pre-wrap' }}>
        {selected.detail}
      </pre>
    </section>
  );
}
