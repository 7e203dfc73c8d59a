import { useEffect } from 'react';
import { hrefFor } from '../../app/router.js';
import { ChangesList } from './ChangesList.js';
import { CheckRow, FindingCard } from './FindingCard.js';
import { useFindings } from './store.js';
import './findings.css';

export function FindingsPage() {
  const { report, error, start, read } = useFindings();
  useEffect(() => {
    // Before start(): the stream then opens at the reading pace at once, not at the badge's and again.
    const stopReading = read();
    start();
    return stopReading;
  }, [start, read]);
  if (error) return <p className="error-text">{error}</p>;
  if (!report) return <p className="muted" data-testid="findings-connecting">Connecting… Triage has not looked at the machine yet.</p>;
  const passed = report.checks.filter((c) => c.status === 'passed').length;
  const notJudged = report.checks.filter((c) => c.status === 'collecting' || c.status === 'unavailable');
  return (
    <section className="findings-page">
      <div className="findings-head">
        <h1>What is wrong with this machine</h1>
        <a className="button" href={hrefFor('thresholds')} data-testid="findings-thresholds-link">
          Thresholds…
        </a>
      </div>
      {report.findings.length > 0 ? (
        <ul className="finding-list" data-testid="finding-list">
          {report.findings.map((f) => (
            <FindingCard key={f.key} finding={f} now={report.time} watchedFrom={report.time - report.observedMs} />
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
