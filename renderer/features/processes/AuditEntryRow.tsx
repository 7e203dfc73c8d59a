import type { ReactNode } from 'react';
import type { AuditEntry } from '../../../native-bridge/contract/index.js';
import { TableHead } from '../../app/TableHead.js';

export interface AuditEntryRowProps {
  entry: AuditEntry;
  /** The time as the view shows it (local clock live, the capturing machine's zone in a snapshot). */
  time: string;
  /** The action in words; each view phrases it its own way. */
  action: string;
  result: ReactNode;
  testId: string;
  /** Keep time and action on one line and let the long cells wrap (the live log's wide table). */
  wrapLongCells?: boolean;
}

/** One audit-log line as a table row: time, user, action, process, result. Shared by the live log and snapshots. */
export function AuditEntryRow({ entry, time, action, result, testId, wrapLongCells = false }: AuditEntryRowProps) {
  const nowrap = wrapLongCells ? 'nowrap' : undefined;
  const wrap = wrapLongCells ? 'wrap' : undefined;
  return (
    <tr data-testid={testId} data-pid={entry.target.pid} data-ok={String(entry.result.ok)}>
      <td className={wrapLongCells ? 'num nowrap' : 'num'}>{time}</td>
      <td>{entry.user.name}</td>
      <td className={nowrap}>
        {action}
        {entry.forced ? ' (forced)' : ''}
      </td>
      <td className={wrap}>
        {entry.target.name ?? '?'} (pid {entry.target.pid})
        {entry.target.cmdline ? <div className="mono muted small">{entry.target.cmdline}</div> : null}
      </td>
      <td className={wrap}>{result}</td>
    </tr>
  );
}

/** The audit table's frame (headings); rows are AuditEntryRow. */
export function AuditTable({ children }: { children: ReactNode }) {
  return (
    <table className="table">
      <TableHead columns={['Time', 'By', 'Action', 'Process', 'Result']} />
      <tbody>{children}</tbody>
    </table>
  );
}
