import type { AuditEntry } from '../../../../native-bridge/contract/index.js';
import { wallTime } from '../format.js';

function what(entry: AuditEntry): string {
  const params = Object.entries(entry.params)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return params ? `${entry.action} (${params})` : entry.action;
}

/** Signals, renice and ionice done through Triage in the window, oldest first as in the log. */
export function AuditPart({ entries, timeZone }: { entries: readonly AuditEntry[]; timeZone: string }) {
  if (entries.length === 0) return <p className="muted">No action (signal, renice, I/O priority) was taken through Triage in the window.</p>;
  return (
    <section className="card" data-testid="snapshot-audit">
      <table className="table">
        <thead>
          <tr>
            <th>Time</th>
            <th>By</th>
            <th>Action</th>
            <th>Process</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => (
            <tr key={`${entry.time}-${i}`} data-testid="snapshot-audit-entry" data-ok={String(entry.result.ok)}>
              <td className="num">{wallTime(Date.parse(entry.time), timeZone).text}</td>
              <td>{entry.user.name}</td>
              <td>
                {what(entry)}
                {entry.forced ? ' (forced)' : ''}
              </td>
              <td>
                {entry.target.name ?? '?'} (pid {entry.target.pid}){entry.target.cmdline ? <div className="mono muted small">{entry.target.cmdline}</div> : null}
              </td>
              <td>{entry.result.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
