import { useEffect } from 'react';
import type { Check, Finding } from '../../../native-bridge/contract/findings.js';
import { evidenceValue, sinceWords } from './format.js';
import { nextStepHref } from './links.js';
import { SEVERITY_LABEL } from './severity.js';
import { Sparkline } from './Sparkline.js';
import { ChangesList } from './ChangesList.js';
import { useFindings } from './store.js';
import './findings.css';


function FindingCard({ finding, now }: { finding: Finding; now: number }) {
  return (
    <li className={`card finding finding-${finding.severity}`} data-testid={`finding-${finding.rule}`}>
      <div className="finding-head">
        <span className={`severity-pill severity-${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>
        <span className="muted">{sinceWords(finding.since, now)}</span>
      </div>
      <p className="finding-sentence">{finding.sentence}</p>
      <div className="finding-body">
        <dl className="finding-evidence">
          {finding.evidence.map((e) => (
            <div key={e.label}>
              <dt>{e.label}</dt>
              <dd>
                {evidenceValue(e)}
                {e.threshold !== null && <span className="muted"> (threshold {evidenceValue({ ...e, value: e.threshold })})</span>}
              </dd>
            </div>
          ))}
        </dl>
        <Sparkline values={finding.series} label={`${finding.evidence[0]?.label ?? 'value'} over the last minute`} />
      </div>
      {finding.next && (
        <a className="button finding-next" href={nextStepHref(finding.next)}>
          {finding.next.label}
        </a>
      )}
    </li>
  );
}

function CheckRow({ check }: { check: Check }) {
  const words = { passed: 'passed', firing: 'found something', collecting: 'not judged yet', unavailable: 'could not check' }[check.status];
  return (
    <li className={`check check-${check.status}`}>
      <span className="check-title">{check.title}</span> <span className="muted">— {words}</span>
      {check.why && <span className="muted">: {check.why}</span>}
    </li>
  );
}

export function FindingsPage() {
  const { report, error, start } = useFindings();
  useEffect(() => start(), [start]);
  if (error) return <p className="error-text">{error}</p>;
  if (!report) return <p className="muted" data-testid="findings-connecting">Connecting… Triage has not looked at the machine yet.</p>;
  const passed = report.checks.filter((c) => c.status === 'passed').length;
  const notJudged = report.checks.filter((c) => c.status === 'collecting' || c.status === 'unavailable');
  return (
    <section className="findings-page">
      <h1>What is wrong with this machine</h1>
      {report.findings.length > 0 ? (
        <ul className="finding-list" data-testid="finding-list">
          {report.findings.map((f) => (
            <FindingCard key={f.key} finding={f} now={report.time} />
          ))}
        </ul>
      ) : null}
      <p data-testid="findings-summary">
        {report.findings.length === 0 ? 'Nothing looks wrong' : 'Nothing else looks wrong'}: {passed} of {report.checks.length} checks passed
        {notJudged.length > 0 ? `, ${notJudged.length} not judged (below).` : '.'}
      </p>
      <details open={notJudged.length > 0}>
        <summary>Every check</summary>
        <ul className="check-list">
          {report.checks.map((c) => (
            <CheckRow key={c.rule} check={c} />
          ))}
        </ul>
      </details>
      <ChangesList />
    </section>
  );
}
