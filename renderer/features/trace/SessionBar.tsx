import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatCount, plural } from '../../app/format.js';
import { quoteForDisplay } from '../../app/shell-words.js';
import { CopyButton } from './CopyButton.js';
import { useTrace } from './store.js';

function stateLabel(phase: string, end: { state: string; code: number | null; signal: string | null } | null | undefined): string {
  if (phase === 'starting') return 'Starting…';
  if (phase === 'stopping') return 'Stopping…';
  if (phase === 'running') return 'Running';
  if (!end || end.state === 'running') return 'Trace ended';
  return end.state === 'killed' ? `Ended: killed by ${end.signal}` : `Ended: exit status ${end.code ?? '?'}`;
}

/** What is being traced, how it stands, and what can be done with it. */
export function SessionBar() {
  const { session, phase, end, totalEvents, olderOnDisk, notSent, saved, recipes, stop, close, saveCapture } = useTrace(
    useShallow((s) => ({
      session: s.session,
      phase: s.phase,
      end: s.analysis?.end,
      totalEvents: s.totalEvents,
      olderOnDisk: s.olderOnDisk,
      notSent: s.notSent,
      saved: s.saved,
      recipes: s.recipes,
      stop: s.stop,
      close: s.close,
      saveCapture: s.saveCapture,
    })),
  );
  if (!session) return null;
  const recipe = recipes.find((r) => r.id === session.recipe);
  const ended = phase === 'ended';
  return (
    <section className="card trace-session" data-testid="trace-session">
      <div className="trace-session-head">
        <span className={`trace-state ${phase}${end?.state === 'exited' && end.code === 0 ? ' ok' : ''}`} data-testid="trace-state">
          {stateLabel(phase, end)}
        </span>
        <code className="trace-command" title={quoteForDisplay(session.command)} data-testid="trace-command">
          {quoteForDisplay(session.command)}
        </code>
        <span className="muted small">
          {session.tool}
          {recipe ? ` · ${recipe.title}` : ''}
          {session.pid !== null ? ` · pid ${session.pid}` : ''}
          {session.mode === 'attach' ? ' · attached' : ''}
        </span>
        <span className="trace-session-actions">
          {phase === 'running' || phase === 'stopping' ? (
            <button type="button" className="button danger" disabled={phase === 'stopping'} data-testid="trace-stop" onClick={() => void stop()}>
              {session.mode === 'attach' ? 'Detach' : 'Stop (kill the program)'}
            </button>
          ) : null}
          <button type="button" className="button" data-testid="trace-save" onClick={() => void saveCapture()}>
            Save capture
          </button>
          <button type="button" className="button" data-testid="trace-close" onClick={() => void close()}>
            {ended ? 'New trace' : 'Close'}
          </button>
        </span>
      </div>
      <div className="trace-counters muted small" data-testid="trace-counters">
        <span>
          {plural(totalEvents, 'event')}
        </span>
        {olderOnDisk > 0 ? <span data-testid="trace-older-on-disk">{plural(olderOnDisk, 'older event')} on disk only</span> : null}
        {notSent > 0 ? <span>{formatCount(notSent)} not streamed live (filters still find them)</span> : null}
      </div>
      {saved ? (
        <div className="trace-saved" data-testid="trace-saved">
          <span>
            Saved a copy of the full raw capture ({formatBytes(saved.bytes)}) to <code>{saved.path}</code>. It stays there after
            you close this trace.
          </span>
          <CopyButton text={saved.path} label="Copy path" />
        </div>
      ) : null}
    </section>
  );
}
