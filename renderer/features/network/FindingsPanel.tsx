import type { Finding as EngineFinding } from '../../../native-bridge/contract/findings.js';
import type { Finding } from '../../../native-bridge/contract/index.js';
import { FindingCard } from '../findings/index.js';
import { findingKey, PKEXEC_HINT } from './findings.js';

export interface FindingsPanelProps {
  /** The findings engine's socket findings, in its order (most serious first), said as the Findings page says them. */
  socketFindings: readonly EngineFinding[];
  /** When the engine judged them (for "since 2 min"). */
  judgedAt: number;
  /** Deleted-file findings, worst first. */
  findings: readonly Finding[];
  /** What may be said about connections now (connecting, not judged yet, nothing wrong), or null. */
  verdict: string | null;
  /** The deleted-file sentence, from the same list the Deleted view shows. */
  deleted: string;
}

/** What looks wrong, in sentences, worst first: the reason to open this page at all. */
export function FindingsPanel({ socketFindings, judgedAt, findings, verdict, deleted }: FindingsPanelProps) {
  const any = socketFindings.length + findings.length > 0;
  return (
    <section className={`card nf-findings${any ? '' : ' ok'}`} data-testid="findings" aria-label="Findings">
      {any ? <h2>What looks wrong</h2> : null}
      {socketFindings.length > 0 ? (
        <ul className="finding-list" data-testid="socket-findings">
          {socketFindings.map((f) => (
            <FindingCard key={f.key} finding={f} now={judgedAt} />
          ))}
        </ul>
      ) : null}
      {findings.length > 0 ? (
        <>
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
