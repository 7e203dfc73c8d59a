import type { Finding } from '../../../native-bridge/contract/index.js';
import { PKEXEC_HINT } from './findings.js';

/** What looks wrong, in sentences, worst first: the reason to open this page at all. */
export function FindingsPanel({ findings, samples }: { findings: readonly Finding[]; samples: number }) {
  if (findings.length === 0) {
    return (
      <section className="card nf-findings ok" data-testid="findings" aria-label="Findings">
        <p className="muted" data-testid="findings-none">
          Nothing looks wrong: no connections stuck in CLOSE_WAIT or SYN_SENT, no TIME_WAIT storm, no full queues, no large deleted files held open
          {samples > 1 ? ` (judged over ${samples} samples)` : ''}.
        </p>
      </section>
    );
  }
  return (
    <section className="card nf-findings" data-testid="findings" aria-label="Findings">
      <h2>What looks wrong</h2>
      <ul>
        {findings.map((f) => (
          <li key={`${f.kind}|${f.pid ?? ''}|${f.sentence}`} className={`nf-finding ${f.severity}`} data-testid="finding" data-kind={f.kind} data-pid={f.pid ?? ''}>
            <span className="nf-severity">{f.severity}</span>
            <span>
              {f.sentence}
              {f.growing ? <span className="nf-badge">growing</span> : null}
            </span>
          </li>
        ))}
      </ul>
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
