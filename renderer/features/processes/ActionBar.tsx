import { useEffect, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SIGNAL_NAMES, type IoClass, type SignalName } from '../../../native-bridge/contract/index.js';
import { useCanAct } from '../../client/index.js';
import { IO_CLASSES, SIGNAL_ACTIONS } from './actions.js';
import { keyOf } from './keys.js';
import { useProcesses } from './store.js';

const OTHER_SIGNALS = SIGNAL_NAMES.filter((name) => !SIGNAL_ACTIONS.some((a) => a.signal === name));

type RequestAction = ReturnType<typeof useProcesses.getState>['requestAction'];

interface ControlProps {
  disabled: boolean;
  requestAction: RequestAction;
}

/** One button per common signal, and a picker for the rest. */
function SignalButtons({ disabled, requestAction }: ControlProps) {
  const [other, setOther] = useState<SignalName>(OTHER_SIGNALS[0] ?? 'QUIT');
  return (
    <>
      {SIGNAL_ACTIONS.map((action) => (
        <button
          key={action.signal}
          type="button"
          className={action.danger ? 'button danger' : 'button'}
          disabled={disabled}
          title={`${action.label}: ${action.effect} (${action.keyLabel})`}
          data-testid={`action-${action.signal}`}
          onClick={() => requestAction({ kind: 'signal', signal: action.signal })}
        >
          {action.label} <kbd>{action.keyLabel}</kbd>
        </button>
      ))}
      <span className="action-group">
        <select aria-label="Other signal" value={other} data-testid="other-signal" onChange={(event) => setOther(event.target.value as SignalName)}>
          {OTHER_SIGNALS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" className="button" disabled={disabled} data-testid="action-other" onClick={() => requestAction({ kind: 'signal', signal: other })}>
          Send…
        </button>
      </span>
    </>
  );
}

/** The nice slider, starting from the focused process's current value so "renice" is a deliberate move. */
function NiceControl({ disabled, requestAction, niceRef, focusNice }: ControlProps & { niceRef: RefObject<HTMLInputElement | null>; focusNice: number | null }) {
  const [nice, setNice] = useState(0);
  useEffect(() => {
    if (focusNice !== null) setNice(focusNice);
  }, [focusNice]);
  return (
    <>
      <label className="nice-control">
        <span>Nice</span>
        <span className="muted small">higher priority</span>
        <input
          ref={niceRef}
          type="range"
          min={-20}
          max={19}
          step={1}
          value={nice}
          aria-label="Nice value: -20 higher priority ↔ 19 lower priority"
          aria-valuetext={`${nice} (${nice < 0 ? 'higher' : nice > 0 ? 'lower' : 'normal'} priority)`}
          data-testid="nice-slider"
          onChange={(event) => setNice(Number(event.target.value))}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !disabled) {
              event.preventDefault();
              requestAction({ kind: 'renice', nice });
            }
          }}
        />
        <span className="muted small">lower priority</span>
        <output className="num nice-value" data-testid="nice-value">
          {nice}
        </output>
      </label>
      <button type="button" className="button" disabled={disabled} data-testid="action-renice" onClick={() => requestAction({ kind: 'renice', nice })}>
        Renice… <kbd>N</kbd>
      </button>
    </>
  );
}

function IoPriorityControl({ disabled, requestAction }: ControlProps) {
  const [ioClass, setIoClass] = useState<IoClass>('best-effort');
  const [level, setLevel] = useState(4);
  return (
    <span className="action-group">
      <label className="interval">
        <span>I/O priority</span>
        <select value={ioClass} data-testid="io-class" onChange={(event) => setIoClass(event.target.value as IoClass)}>
          {IO_CLASSES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <select
        aria-label="I/O priority level: 0 highest, 7 lowest"
        value={level}
        disabled={ioClass === 'idle'}
        data-testid="io-level"
        onChange={(event) => setLevel(Number(event.target.value))}
      >
        {[0, 1, 2, 3, 4, 5, 6, 7].map((n) => (
          <option key={n} value={n}>
            level {n}
            {n === 0 ? ' (highest)' : n === 7 ? ' (lowest)' : n === 4 ? ' (default)' : ''}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={disabled} data-testid="action-ionice" onClick={() => requestAction({ kind: 'ionice', class: ioClass, level })}>
        Set I/O priority…
      </button>
    </span>
  );
}

export function ActionBar({ niceRef }: { niceRef: RefObject<HTMLInputElement | null> }) {
  const { count, focusNice, requestAction } = useProcesses(
    useShallow((s) => ({
      count: s.selection.selected.size,
      focusNice: s.rows.find((r) => keyOf(r) === s.selection.focus)?.nice ?? null,
      requestAction: s.requestAction,
    })),
  );
  const canAct = useCanAct();
  const none = count === 0;
  // Nothing can be sent while the backend is gone: the buttons say so instead of failing on click.
  const disabled = none || !canAct;

  return (
    <section className="card proc-actions" aria-label="Actions on the selected processes" data-testid="process-actions">
      <div className="action-row">
        <span className="muted selected-count" data-testid="selected-count">
          {!canAct ? 'Not connected to the Triage backend: actions are disabled' : none ? 'Select a process to act on it' : `${count} selected`}
        </span>
        <SignalButtons disabled={disabled} requestAction={requestAction} />
      </div>
      <div className="action-row">
        <NiceControl disabled={disabled} requestAction={requestAction} niceRef={niceRef} focusNice={focusNice} />
        <IoPriorityControl disabled={disabled} requestAction={requestAction} />
      </div>
    </section>
  );
}
