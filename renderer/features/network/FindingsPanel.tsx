import type { Finding } from '../../../native-bridge/contract/index.js';
import { findingKey, PKEXEC_HINT } from './findings.js';

export interface FindingsPanelProps {
  /** Every finding to list, worst first (network ones only while the live view runs). */
  findings: readonly Finding[];
  /** What may be said about connections now (connecting, collecting, nothing wrong), or null. */
  verdict: string | null;
  /** The deleted-file sentence, from the same list the Deleted view shows. */
  deleted: string;
}

/** What looks wrong, in sentences, worst first: the reason to open this page at all. */
export function FindingsPanel({ findings, verdict, deleted }: FindingsPanelProps) {
  return (
    <section className={`card nf-findings${findings.length === 0 ? ' ok' : ''}`} data-testid="findings" aria-label="Findings">
      {findings.length > 0 ? (
        <>
          <h2>What looks wrong</h2>
          <ul>
            {findings.map((f) => (
              <li key={findingKey(f)} className={`nf-finding ${f.severity}`} data-testid="finding" data-kind={f.kind} data-pid={f.pid ?? ''}>
                <span className="nf-severity">{f.severity}</span>
                <span>
                  {f.sentence}
                  {f.growing ? <span className="nf-badge">growing</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {verdict ? (
        <p className="muted" data-testid="findings-verdict">
          {verdict}
        </p>
      ) : null}
      <p className="muted" data-testid="findings-deleted">
        {deleted}
      </p>
    </section>
  );
}

export function UnreadableNote({ sentences }: { sentences: readonly string[] }) {
  if (sentences.length === 0) return null;
  return (
    <section className="nf-unreadable" data-testid="unreadable-note" role="note">
      {sentences.map((s) => (
        <p key={s}>{s}</p>
      ))}
      <p className="muted">{PKEXEC_HINT}</p>
    </section>
  );
}
