import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../../app/format.js';
import { useHistory } from './store.js';

/**
 * "Export this window": the chosen window as a snapshot file, through the same contract method as
 * `triage snapshot --from … --to …`. Command lines are redacted as in every snapshot; the file opens in
 * the Snapshot page (and `snapshot.html` writes its report).
 */
export function ExportWindow() {
  const { exported, exportWindow } = useHistory(useShallow((s) => ({ exported: s.exported, exportWindow: s.exportWindow })));
  return (
    <div className="history-export" data-testid="history-export">
      <button type="button" className="button" disabled={exported.status === 'loading'} onClick={() => void exportWindow()} data-testid="history-export-button">
        {exported.status === 'loading' ? 'Exporting…' : 'Export this window'}
      </button>
      {exported.status === 'ready' && exported.data ? (
        <span className="muted small" role="status" data-testid="history-export-path">
          Saved a snapshot of this window ({formatBytes(exported.data.bytes)}, secrets in command lines redacted) to <span className="mono">{exported.data.path}</span>
        </span>
      ) : null}
      {exported.status === 'error' ? (
        <span className="error" role="alert" data-testid="history-export-error">
          {exported.error}
        </span>
      ) : null}
    </div>
  );
}
