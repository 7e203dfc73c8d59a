import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FindingCard, useFindings } from '../findings/index.js';
import { connectionVerdict, deletedLine, findingKey, mergeFindings, PKEXEC_HINT, socketFindings, unreadableSentences } from './findings.js';
import { useNetwork } from './store.js';

/** What looks wrong, in sentences, worst first: the reason to open this page at all. */
export function FindingsPanel() {
  const { deleted, pendingSockets } = useNetwork(useShallow((s) => ({ deleted: s.deleted, pendingSockets: s.watch.pendingSockets })));
  const { report, reportError } = useFindings(useShallow((s) => ({ report: s.report, reportError: s.error })));
  // Socket findings are the findings engine's (one judgement for the whole app), in its order, said as the Findings page says them.
  const sockets = useMemo(() => socketFindings(report), [report]);
  // Deleted-file findings are this page's own, worst first.
  const findings = useMemo(() => mergeFindings(deleted.data?.findings), [deleted.data]);
  // What may be said about connections now (connecting, not judged yet, nothing wrong), or null.
  const verdict = connectionVerdict(report, reportError, pendingSockets);
  const any = sockets.length + findings.length > 0;
  return (
    <section className={`card nf-findings${any ? '' : ' ok'}`} data-testid="findings" aria-label="Findings">
      {any ? <h2>What looks wrong</h2> : null}
      {sockets.length > 0 ? (
        <ul className="finding-list" data-testid="socket-findings">
          {sockets.map((f) => (
            <FindingCard key={f.key} finding={f} now={report?.time ?? 0} watchedFrom={report ? report.time - report.observedMs : 0} />
          ))}
        </ul>
      ) : null}
      {findings.length > 0 ? (
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
      ) : null}
      {verdict ? (
        <p className="muted" data-testid="findings-verdict">
          {verdict}
        </p>
      ) : null}
      <p className="muted" data-testid="findings-deleted">
        {deletedLine(deleted)}
      </p>
    </section>
  );
}

export function UnreadableNote() {
  // Joined into one string, so the selector's answer stays equal while the sentences do.
  const sentences = useNetwork((s) =>
    unreadableSentences(s.watch.unreadable ?? undefined, s.connections.data?.unreadable, s.listening.data?.unreadable, s.deleted.data?.unreadable).join('\n'),
  );
  if (sentences === '') return null;
  return (
    <section className="nf-unreadable" data-testid="unreadable-note" role="note">
      {sentences.split('\n').map((s) => (
        <p key={s}>{s}</p>
      ))}
      <p className="muted">{PKEXEC_HINT}</p>
    </section>
  );
}
