import { useEffect } from 'react';
import { useCanAct } from '../../client/index.js';
import { RetryError } from '../../app/RetryError.js';
import { hrefFor } from '../../app/router.js';
import { isOverridden } from './model.js';
import { RuleCard } from './RuleCard.js';
import { SaveConfirm } from './SaveConfirm.js';
import { SavedNote } from './SavedNote.js';
import { useThresholds } from './store.js';
import './thresholds.css';

/** The figures every findings rule judges with: the defaults, the user's changes, and a way to change them. */
export function ThresholdsPage() {
  const { report, loading, loadError, drafts, saveError, saving, load, requestSave, resetAll, discard } = useThresholds();
  const canAct = useCanAct();
  useEffect(() => void load(), [load]);

  const head = (
    <div className="page-head">
      <h1>Thresholds</h1>
      <a href={hrefFor('findings')} className="button" data-testid="thresholds-back">
        Back to Findings
      </a>
    </div>
  );
  if (!report) {
    return (
      <section className="page thresholds-page">
        {head}
        <RetryError error={loadError} onRetry={() => void load()} testId="thresholds-load-error" />
        {loadError ? null : <p className="muted">{loading ? 'Reading the thresholds…' : ''}</p>}
      </section>
    );
  }
  const anyDraft = Object.keys(drafts).length > 0;
  const anyOverride = report.rules.some(isOverridden);
  return (
    <section className="page thresholds-page" data-testid="thresholds">
      {head}
      <p>
        These figures decide when something Triage sees becomes a finding: the level worth a look, the serious level, how long it must
        last first, and how long it must be gone before the finding goes. Your changes are kept in <span className="mono">{report.file}</span>.
      </p>
      {report.problems.length > 0 ? (
        <div className="error-box" role="alert" data-testid="thresholds-problems">
          <p>The saved thresholds could not all be used:</p>
          <ul>
            {report.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="threshold-toolbar" role="toolbar" aria-label="Threshold changes">
        <button type="button" className="button primary" disabled={!anyDraft || saving || !canAct} onClick={requestSave} data-testid="thresholds-save">
          Save changes…
        </button>
        <button type="button" className="button" disabled={!anyDraft || saving} onClick={discard}>
          Discard unsaved changes
        </button>
        <button type="button" className="button" disabled={!anyOverride || saving} onClick={resetAll} data-testid="thresholds-reset-all">
          Reset all to defaults
        </button>
        {anyDraft ? <span className="muted small">Unsaved changes: nothing is used until you save.</span> : null}
        <button type="button" className="button threshold-reload" disabled={loading || saving} onClick={() => void load()}>
          Reload
        </button>
      </div>
      {saveError ? (
        <p className="error-box" role="alert" data-testid="thresholds-save-error">
          {saveError}
        </p>
      ) : null}
      <SavedNote />
      <RetryError error={loadError} onRetry={() => void load()} testId="thresholds-load-error" />
      {report.rules.map((row) => (
        <RuleCard key={row.rule} row={row} draft={drafts[row.rule]} />
      ))}
      <SaveConfirm />
    </section>
  );
}
