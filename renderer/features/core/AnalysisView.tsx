import type { CoreAnalysis, LiveBacktrace } from '../../../native-bridge/contract/index.js';
import { Fact } from '../../app/Fact.js';
import { formatBytes, formatTimestamp } from '../../app/format.js';
import { executableMatch, orderThreads } from './display.js';
import { DisassemblyView, SourceView } from './SourceView.js';
import { ThreadStack } from './ThreadStack.js';

/** Below this many threads every stack is shown open; above, only the crashing one. */
const OPEN_ALL_UP_TO = 8;

function CoreHeader({ analysis }: { analysis: CoreAnalysis }) {
  const { core, executable, signal } = analysis;
  const match = executableMatch(executable.match);
  return (
    <>
      {signal ? (
        <div className="core-signal" data-testid="core-signal">
          <div className="core-signal-name" data-testid="core-signal-name">
            {signal.name} <span className="muted">(signal {signal.number})</span>
          </div>
          <div className="core-signal-summary" data-testid="core-signal-summary">
            {signal.summary}
          </div>
          <div className="muted">
            {signal.meaning}
            {signal.codeMeaning ? ` Cause: ${signal.codeMeaning}.` : ''}
          </div>
        </div>
      ) : (
        <p className="muted">The core does not record which signal ended the program.</p>
      )}
      <dl className="facts core-facts">
        <Fact label="Core file" className="mono" testId="core-analysis-path">
          {core.path} <span className="muted">({formatBytes(core.sizeBytes)})</span>
        </Fact>
        <Fact label="Program">
          <span className="mono">{executable.path}</span>{' '}
          <span className={`core-badge tone-${match.tone}`} title={match.hint} data-testid="core-analysis-match">
            {match.label}
          </span>
          <div className="muted">
            {executable.foundBy === 'given' ? 'Chosen by you.' : 'Found from the core.'}
            {executable.hasDebugInfo ? '' : ' It has no debug symbols.'}
          </div>
        </Fact>
        {core.commandLine ? (
          <Fact label="Command line" className="mono">
            {core.commandLine}
          </Fact>
        ) : null}
        {core.pid !== null ? (
          <Fact label="Process id" className="num">
            {core.pid}
          </Fact>
        ) : null}
        <Fact label="Written">{formatTimestamp(core.modifiedMs)}</Fact>
      </dl>
      {core.truncated ? (
        <p className="core-warning" data-testid="core-truncated">
          This core is incomplete: {formatBytes(core.truncated.actualBytes)} of {formatBytes(core.truncated.expectedBytes)}. The disk may have filled up or the core
          size limit cut it short; some stacks may be missing.
        </p>
      ) : null}
    </>
  );
}

function LiveHeader({ analysis }: { analysis: LiveBacktrace }) {
  return (
    <dl className="facts core-facts" data-testid="core-live-header">
      <Fact label="Process">
        <span className="num">{analysis.pid}</span>
        {analysis.program ? ` (${analysis.program})` : ''}
      </Fact>
      {analysis.executable ? (
        <Fact label="Program" className="mono">
          {analysis.executable}
        </Fact>
      ) : null}
      <Fact label="Captured at">{formatTimestamp(analysis.capturedAtMs)}</Fact>
    </dl>
  );
}

/** The whole explanation of a core or of a live capture; both read the same. */
export function AnalysisView({ analysis }: { analysis: CoreAnalysis | LiveBacktrace }) {
  const threads = orderThreads(analysis.threads, analysis.crashedThreadId);
  const crashedId = analysis.crashedThreadId ?? threads.find((t) => t.crashed)?.id ?? null;
  return (
    <div className="core-analysis-body" data-testid="core-analysis-body" data-kind={analysis.kind}>
      {analysis.kind === 'core' ? <CoreHeader analysis={analysis} /> : <LiveHeader analysis={analysis} />}
      {analysis.warnings.length > 0 ? (
        <ul className="core-warnings" data-testid="core-warnings">
          {analysis.warnings.map((w, i) => (
            <li key={i} className="core-warning">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      {analysis.debugInfo.missing ? (
        <div className="core-symbols-note" data-testid="core-symbols-note">
          <strong>Debug symbols are missing</strong>, so some frames show only addresses.
          {analysis.debugInfo.objects.length > 0 ? (
            <>
              {' '}
              Without symbols: <span className="mono">{analysis.debugInfo.objects.join(', ')}</span>.
            </>
          ) : null}
          {analysis.debugInfo.advice ? <p>{analysis.debugInfo.advice}</p> : null}
        </div>
      ) : null}
      {analysis.source ? <SourceView source={analysis.source} /> : null}
      {analysis.disassembly ? <DisassemblyView disassembly={analysis.disassembly} /> : null}
      <section className="core-block" data-testid="core-threads">
        <h3>
          {threads.length === 1 ? 'Backtrace' : `Backtraces of all ${threads.length} threads`}
          {crashedId !== null && threads.length > 1 ? <span className="muted"> (the {analysis.kind === 'core' ? 'crashing' : 'current'} thread first)</span> : null}
        </h3>
        {threads.map((thread) => (
          <ThreadStack
            key={thread.id}
            thread={thread}
            isCrashed={analysis.kind === 'core' && thread.id === crashedId}
            open={thread.id === crashedId || threads.length <= OPEN_ALL_UP_TO}
          />
        ))}
      </section>
    </div>
  );
}
