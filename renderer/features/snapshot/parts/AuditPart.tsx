import type { AuditEntry } from '../../../../native-bridge/contract/index.js';
import { AuditEntryRow, AuditTable } from '../../processes/index.js';
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
      <AuditTable>
        {entries.map((entry, i) => (
          <AuditEntryRow
            key={`${entry.time}-${i}`}
            entry={entry}
            time={wallTime(Date.parse(entry.time), timeZone).text}
            action={what(entry)}
            testId="snapshot-audit-entry"
            result={entry.result.message}
          />
        ))}
      </AuditTable>
    </section>
  );
}
