import type { Check, Finding } from '../../../native-bridge/contract/findings.js';
import { sinceWords } from '../../../native-bridge/common/format/index.js';
import { evidenceValue } from './format.js';
import { nextStepHref } from './links.js';
import { SEVERITY_LABEL } from './severity.js';
import { Sparkline } from './Sparkline.js';
import './findings.css';

/**
 * One finding: sentence, severity, since when, evidence, chart and next step. `live` links the next step
 * into this machine's views; a snapshot (another machine, another time) only says what it was. `watchedFrom`
 * is when the report's watch began (its time minus observedMs): a condition there already has no known start.
 */
export function FindingCard({ finding, now, watchedFrom, live = true }: { finding: Finding; now: number; watchedFrom: number; live?: boolean }) {
  return (
    <li className={`card finding finding-${finding.severity}`} data-testid={`finding-${finding.rule}`}>
      <div className="finding-head">
        <span className={`severity-pill severity-${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>
        <span className="muted">{sinceWords(finding.since, now, watchedFrom)}</span>
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
      {finding.next && live && (
        <a className="button finding-next" href={nextStepHref(finding.next)}>
          {finding.next.label}
        </a>
      )}
      {finding.next && !live && <p className="muted small">Next step on that machine: {finding.next.label}</p>}
    </li>
  );
}

export function CheckRow({ check }: { check: Check }) {
  const words = { passed: 'passed', firing: 'found something', collecting: 'not judged yet', unavailable: 'could not check' }[check.status];
  return (
    <li className={`check check-${check.status}`}>
      <span className="check-title">{check.title}</span> <span className="muted">— {words}</span>
      {check.why && <span className="muted">: {check.why}</span>}
    </li>
  );
}
