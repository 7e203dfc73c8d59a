import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActionTarget } from '../../../native-bridge/contract/index.js';
import { useCanAct } from '../../client/index.js';
import { actionEffect, actionTitle, initWarning, isDangerous } from './actions.js';
import { useProcesses } from './store.js';
import { keepTabInside } from '../../app/focus-trap.js';
import { num, TableHead } from '../../app/TableHead.js';

const SHOWN_TARGETS = 20;

/** Why this confirmation is more serious than usual: init among the targets, no backend, a forced action. */
function DialogWarnings({ initText, canAct, force }: { initText: string | null; canAct: boolean; force: boolean }) {
  return (
    <>
      {initText ? (
        <p className="error-box" role="alert" data-testid="confirm-init-warning">
          {initText}
        </p>
      ) : null}
      {!canAct ? (
        <p className="error-box" data-testid="confirm-disconnected">
          The Triage backend is not connected, so nothing can be sent until it is back.
        </p>
      ) : null}
      {force ? (
        <p className="error-box" data-testid="confirm-force">
          Forced: Triage normally refuses this because the process is the system's init or part of Triage itself.
        </p>
      ) : null}
    </>
  );
}

/** Every target by name, pid, user and command line (the first SHOWN_TARGETS, then how many more). */
function TargetList({ targets }: { targets: readonly ActionTarget[] }) {
  return (
    <div className="modal-targets">
      <table className="table">
        <TableHead columns={['Name', num('PID'), 'User', 'Command line']} />
        <tbody>
          {targets.slice(0, SHOWN_TARGETS).map((t) => (
            <tr key={`${t.pid}:${t.startTime}`} data-testid="confirm-target">
              <td>{t.name}</td>
              <td className="num">{t.pid}</td>
              <td>{t.user}</td>
              <td className="wrap mono">{t.cmdline || `[${t.name}]`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {targets.length > SHOWN_TARGETS ? (
        <p className="muted">…and {targets.length - SHOWN_TARGETS} more.</p>
      ) : null}
    </div>
  );
}

/** Modal confirmation naming every target; Enter confirms, Esc cancels, Tab stays inside. */
export function ConfirmDialog({ onClosed }: { onClosed(): void }) {
  const { dialog, confirmAction, cancelAction } = useProcesses(
    useShallow((s) => ({ dialog: s.dialog, confirmAction: s.confirmAction, cancelAction: s.cancelAction })),
  );
  const canAct = useCanAct();
  const boxRef = useRef<HTMLDivElement | null>(null);
  const confirmRef = useRef<HTMLButtonElement | null>(null);
  const open = dialog !== null;
  useEffect(() => {
    if (!open) return;
    confirmRef.current?.focus();
    return onClosed;
  }, [open, onClosed]);
  if (!dialog) return null;

  const title = actionTitle(dialog.request);
  const many = dialog.targets.length > 1;
  const initText = initWarning(dialog.request, dialog.targets);
  const danger = isDangerous(dialog.request) || initText !== null;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancelAction();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      if (canAct) void confirmAction();
    } else if (event.key === 'Tab') {
      keepTabInside(event, boxRef.current);
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={() => cancelAction()}>
      <div
        ref={boxRef}
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="proc-confirm-title"
        aria-describedby="proc-confirm-effect"
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <h2 id="proc-confirm-title">
          {title} {many ? `${dialog.targets.length} processes` : dialog.targets[0]!.name}?
        </h2>
        <p id="proc-confirm-effect">{actionEffect(dialog.request)}</p>
        <DialogWarnings initText={initText} canAct={canAct} force={dialog.force} />
        <TargetList targets={dialog.targets} />
        <div className="modal-buttons">
          <span className="muted small">Enter confirms · Esc cancels</span>
          <button type="button" className="button" disabled={dialog.running} data-testid="confirm-cancel" onClick={() => cancelAction()}>
            Cancel
          </button>
          <button
            ref={confirmRef}
            type="button"
            className={danger ? 'button danger-solid' : 'button primary'}
            disabled={dialog.running || !canAct}
            data-testid="confirm-ok"
            onClick={() => void confirmAction()}
          >
            {dialog.running ? 'Working…' : title}
          </button>
        </div>
      </div>
    </div>
  );
}
