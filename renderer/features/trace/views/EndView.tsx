import type { TraceAnalysis } from '../../../../native-bridge/contract/index.js';
import { CopyButton } from '../CopyButton.js';
import { endText } from '../display.js';

export function EndView({ analysis, command, running }: { analysis: TraceAnalysis; command: readonly string[]; running: boolean }) {
  const end = analysis.end;
  return (
    <div className="end-view" data-testid="trace-end">
      {end ? (
        <>
          <div className={`end-sentence ${end.state}`} data-testid="trace-end-sentence">
            {end.sentence}
          </div>
          <div className="end-actions">
            <CopyButton text={endText(end, command)} label="Copy as text" testId="trace-end-copy" />
            {end.lastSignal ? <span className="muted small">Last signal it received: {end.lastSignal}</span> : null}
            {end.coreDumped ? <span className="muted small">A core dump was written.</span> : null}
          </div>
          {end.lastFailures.length > 0 ? (
            <>
              <h3>{end.state === 'running' ? 'Latest failing calls' : 'The last failing calls before the end'}</h3>
              <ol className="end-failures">
                {end.lastFailures.map((f) => (
                  <li key={f.seq}>
                    <span className="muted num">{f.time}</span> <span className="errno">{f.errno}</span> <span className="call">{f.name}</span>{' '}
                    {f.target ? <code>{f.target}</code> : null}
                    <div className="muted small">{f.sentence}</div>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">Nothing traced yet.</p>
      )}
      {running || analysis.inFlight.length > 0 ? (
        <>
          <h3>What it is waiting on now</h3>
          {analysis.inFlight.length === 0 ? (
            <p className="muted small">No call in progress at the moment.</p>
          ) : (
            <ul className="in-flight" data-testid="trace-in-flight">
              {analysis.inFlight.map((c, i) => (
                <li key={`${c.pid}-${i}`}>
                  <span className="muted num">
                    {c.time} [{c.pid}]
                  </span>{' '}
                  <code>
                    {c.name}({c.argsText}
                  </code>{' '}
                  <span className="muted">… still in this call</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}
