import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useCanAct } from '../../client/index.js';
import { FIGURE_LABELS } from './model.js';
import { useThresholds } from './store.js';
import { keepTabInside } from '../../app/focus-trap.js';

/** Saving changes what Triage reports, so the exact before → after of each figure is confirmed first. Esc cancels. */
export function SaveConfirm() {
  const plan = useThresholds((s) => s.confirming);
  const saving = useThresholds((s) => s.saving);
  const confirmSave = useThresholds((s) => s.confirmSave);
  const cancelSave = useThresholds((s) => s.cancelSave);
  const canAct = useCanAct();
  const confirmRef = useRef<HTMLButtonElement | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const open = plan !== null;
  useEffect(() => {
    if (open) confirmRef.current?.focus();
  }, [open]);
  if (!plan) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancelSave();
    } else if (event.key === 'Tab') {
      keepTabInside(event, boxRef.current);
    }
  };
  return (
    <div className="threshold-backdrop" onMouseDown={() => cancelSave()}>
      <div
        ref={boxRef}
        className="card threshold-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="threshold-confirm-title"
        aria-describedby="threshold-confirm-effect"
        data-testid="thresholds-confirm"
        onKeyDown={onKeyDown}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <h2 id="threshold-confirm-title">Save {plan.pending.length === 1 ? 'this change' : `these ${plan.pending.length} changes`} to the thresholds?</h2>
        <p id="threshold-confirm-effect">
          The findings are judged with them at once, so what Triage reports as wrong with this machine changes. The change is
          written to the audit log.
        </p>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Figure</th>
              <th scope="col">Now</th>
              <th scope="col">After saving</th>
            </tr>
          </thead>
          <tbody>
            {plan.pending.map((line) => (
              <tr key={`${line.rule}.${line.figure}`} data-testid="thresholds-confirm-line">
                <td>{line.title}</td>
                <td>{FIGURE_LABELS[line.figure]}</td>
                <td className="num">{line.from}</td>
                <td className="num">{line.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!canAct ? (
          <p className="error-box">The Triage backend is not connected, so nothing can be saved until it is back.</p>
        ) : null}
        <div className="threshold-modal-buttons">
          <span className="muted small">Esc cancels</span>
          <button type="button" className="button" disabled={saving} onClick={() => cancelSave()}>
            Cancel
          </button>
          <button ref={confirmRef} type="button" className="button primary" disabled={saving || !canAct} onClick={() => void confirmSave()}>
            {saving ? 'Saving…' : 'Save thresholds'}
          </button>
        </div>
      </div>
    </div>
  );
}
