import type { TracePart } from '../../../../native-bridge/contract/index.js';
import { formatBytes, plural } from '../../../app/format.js';
import { quoteForDisplay } from '../../../app/shell-words.js';
import { classIndex, failureSections, EndView, FailuresView } from '../../trace/index.js';
import { wallTime } from '../format.js';

const NO_FILTER = { classes: [], text: '' } as const;

function TraceView({ trace, timeZone }: { trace: TracePart; timeZone: string }) {
  const { session, analysis } = trace;
  const sections = failureSections(analysis.failures, NO_FILTER, classIndex(analysis.summary), session.command.slice(1));
  const started = wallTime(session.startedAt, timeZone);
  return (
    <section className="card snapshot-trace" data-testid="snapshot-trace">
      <header className="chart-head">
        <h2 className="mono">{quoteForDisplay(session.command)}</h2>
        <span className="muted small">
          {session.mode === 'launch' ? 'launched' : 'attached'} under {session.tool} at {started.text} · {session.state}
          {session.pid !== null ? ` · pid ${session.pid}` : ''} · {plural(analysis.counts.events, 'event')}, {plural(analysis.counts.failures, 'failed call')} · capture{' '}
          {formatBytes(session.captureBytes)}
        </span>
      </header>
      <h3 className="snapshot-subhead">Why did it end?</h3>
      <EndView analysis={analysis} command={session.command} running={false} />
      <h3 className="snapshot-subhead">Failed calls</h3>
      <FailuresView sections={sections} truncated={analysis.truncated.failures} />
    </section>
  );
}

export function TracesPart({ traces, timeZone }: { traces: readonly TracePart[]; timeZone: string }) {
  if (traces.length === 0) return <p className="muted">No program was traced in the window.</p>;
  return (
    <div className="snapshot-part-stack trace" data-testid="snapshot-traces">
      {traces.map((t) => (
        <TraceView key={t.session.id} trace={t} timeZone={timeZone} />
      ))}
    </div>
  );
}
