import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCanAct } from '../../client/index.js';
import { ErrorText, RetryError } from '../../app/RetryError.js';
import { Segmented } from '../../app/Segmented.js';
import { hrefFor } from '../../app/router.js';
import { isOverridden } from './model.js';
import { RuleCard } from './RuleCard.js';
import { SaveConfirm } from './SaveConfirm.js';
import { SavedNote } from './SavedNote.js';
import { useThresholds } from './store.js';
import './thresholds.css';

function ThresholdsHead() {
  return (
    <div className="page-head">
      <h1>Thresholds</h1>
      <a href={hrefFor('findings')} className="button" data-testid="thresholds-back">
        Back to Findings
      </a>
    </div>
  );
}

/** What is wrong with the file the changes are kept in. */
function FileProblems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="error-box" role="alert" data-testid="thresholds-problems">
      <p>About the file your changes are kept in:</p>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

/** Save, discard, reset and reload, kept in view while the rules scroll, with the last save's error. */
function ChangesToolbar({ anyDraft, anyOverride }: { anyDraft: boolean; anyOverride: boolean }) {
  const { loading, saving, saveError, load, requestSave, resetAll, discard } = useThresholds(
    useShallow((s) => ({ loading: s.loading, saving: s.saving, saveError: s.saveError, load: s.load, requestSave: s.requestSave, resetAll: s.resetAll, discard: s.discard })),
  );
  const canAct = useCanAct();
  return (
    <div className="threshold-sticky">
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
      <ErrorText error={saveError} testId="thresholds-save-error" />
    </div>
  );
}

/** The figures every findings rule judges with: the defaults, the user's changes, and a way to change them. */
export function ThresholdsPage() {
  const { report, loading, loadError, drafts, refusals, saving, load, requestSave } = useThresholds();
  const canAct = useCanAct();
  const [shown, setShown] = useState<'all' | 'changed'>('all');
  const rulesRef = useRef<HTMLFormElement | null>(null);
  useEffect(() => void load(), [load]);
  // A refused save takes the user to the first figure to fix (it may be far down the list).
  useEffect(() => {
    if (refusals > 0) rulesRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-rule-problem]')?.focus();
  }, [refusals]);

  if (!report) {
    return (
      <section className="page thresholds-page">
        <ThresholdsHead />
        <RetryError error={loadError} onRetry={() => void load()} testId="thresholds-load-error" />
        {loadError ? null : <p className="muted">{loading ? 'Reading the thresholds…' : ''}</p>}
      </section>
    );
  }
  const anyDraft = Object.keys(drafts).length > 0;
  const changedRules = report.rules.filter((row) => isOverridden(row) || drafts[row.rule] !== undefined);
  const anyOverride = report.rules.some(isOverridden);
  const rows = shown === 'all' ? report.rules : changedRules;
  return (
    <section className="page thresholds-page" data-testid="thresholds">
      <ThresholdsHead />
      <p>
        These figures decide when something Triage sees becomes a finding: the level worth a look, the serious level, how long it must
        last first, and how long it must be gone before the finding goes. Your changes are kept in <span className="mono">{report.file}</span>.
      </p>
      <FileProblems problems={report.problems} />
      <ChangesToolbar anyDraft={anyDraft} anyOverride={anyOverride} />
      <SavedNote />
      <RetryError error={loadError} onRetry={() => void load()} testId="thresholds-load-error" />
      <Segmented
        label="Rules shown"
        value={shown}
        onSelect={setShown}
        testId="thresholds-shown"
        options={[
          { value: 'all', label: `All rules (${report.rules.length})` },
          { value: 'changed', label: `Changed (${changedRules.length})` },
        ]}
      />
      {/* Enter in a field asks to save, as in any settings form (a form of many fields and no submit button would not). */}
      <form
        className="threshold-rules"
        ref={rulesRef}
        aria-label="Thresholds of every rule"
        onSubmit={(event) => event.preventDefault()}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
          event.preventDefault();
          if (canAct && !saving) requestSave();
        }}
      >
        {rows.map((row) => (
          <RuleCard key={row.rule} row={row} draft={drafts[row.rule]} />
        ))}
        {rows.length === 0 ? <p className="muted">No rule is changed from its defaults: every figure is as Triage ships it.</p> : null}
      </form>
      <SaveConfirm />
    </section>
  );
}
