import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntry } from '../../../native-bridge/contract/index.js';
import { formatTimestamp } from '../../app/format.js';
import { AuditEntryRow, AuditTable } from './AuditEntryRow.js';
import { useProcesses } from './store.js';

function what(entry: AuditEntry): string {
  const p = entry.params;
  const kind = entry.action.replace(/^privileged-/, '');
  const prefix = kind === entry.action ? '' : 'as administrator: ';
  if (kind === 'signal') return `${prefix}signal ${String(p.signal ?? '?')}`;
  if (kind === 'renice') return `${prefix}renice to ${String(p.nice ?? '?')}`;
  if (kind !== 'ionice') {
    // Launches, traces, gdb terminals and saved files: the action and what it ran or wrote.
    const detail = p.command ?? p.path ?? p.core;
    return `${entry.action.replace(/-/g, ' ')}${detail === undefined ? '' : `: ${String(detail)}`}`;
  }
  return prefix + (p.class === 'idle' ? 'I/O priority idle' : `I/O priority ${String(p.class ?? '?')} ${String(p.level ?? '')}`.trim());
}

/** Every action taken or refused, newest first, as the backend's append-only log has it. */
export function AuditLog() {
  const { entries, error, loadAudit } = useProcesses(useShallow((s) => ({ entries: s.audit, error: s.auditError, loadAudit: s.loadAudit })));
  useEffect(() => {
    void loadAudit();
  }, [loadAudit]);
  const newestFirst = [...entries].reverse();
  return (
    <section className="card audit-log" data-testid="audit-log" aria-label="Audit log">
      <header className="results-head">
        <h2>Audit log</h2>
        <button type="button" className="button" onClick={() => void loadAudit()}>
          Refresh
        </button>
      </header>
      <p className="muted small">Every signal, renice and I/O priority change, allowed or refused, is appended to a file that is never rewritten.</p>
      {error ? (
        <p className="error-box" role="alert">
          {error}
        </p>
      ) : null}
      {newestFirst.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          No actions yet.
        </p>
      ) : (
        <AuditTable>
          {newestFirst.map((entry, i) => (
            <AuditEntryRow
              key={`${entry.time}-${i}`}
              entry={entry}
              time={formatTimestamp(Date.parse(entry.time))}
              action={what(entry)}
              testId="audit-entry"
              wrapLongCells
              result={
                <>
                  <span className={entry.result.ok ? 'ok-text' : 'warn-text'}>{entry.result.ok ? 'done' : (entry.result.code ?? 'failed')}</span>: {entry.result.message}
                </>
              }
            />
          ))}
        </AuditTable>
      )}
    </section>
  );
}
