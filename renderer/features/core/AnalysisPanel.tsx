import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AnalysisView } from './AnalysisView.js';
import { ErrorNote } from './ErrorNote.js';
import { GdbPanel } from './GdbPanel.js';
import { OnDemand } from './OnDemand.js';
import { useCore } from './store.js';

/** Whatever was opened last, a core or a live capture: waiting, its error, or its analysis. */
export function AnalysisPanel() {
  const { ref, analysis, closeAnalysis } = useCore(useShallow((s) => ({ ref: s.ref, analysis: s.analysis, closeAnalysis: s.closeAnalysis })));
  const section = useRef<HTMLElement>(null);
  // Each new request brings the panel into view: it sits below the forms that started it.
  useEffect(() => {
    if (ref) section.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [ref]);
  if (analysis.phase === 'idle') return null;
  const data = analysis.data;
  const title = ref?.kind === 'live' ? `Live backtrace of process ${ref.pid}` : ref?.kind === 'core' ? 'Core analysis' : 'Analysis';

  return (
    <section ref={section} className="card core-analysis" data-testid="core-analysis" aria-busy={analysis.phase === 'loading'}>
      <div className="core-section-head">
        <h2>{title}</h2>
        <button type="button" className="button core-push-right" onClick={closeAnalysis} data-testid="core-analysis-close">
          Close
        </button>
      </div>
      {analysis.phase === 'loading' ? (
        <p className="muted" data-testid="core-analysis-loading">
          {ref?.kind === 'live'
            ? 'Capturing the stacks (the process is paused only for this moment)…'
            : 'Reading the core with gdb (a few seconds for a large core)…'}
        </p>
      ) : null}
      {analysis.phase === 'error' && analysis.error ? <ErrorNote error={analysis.error} detail={analysis.detail} testId="core-analysis-error" /> : null}
      {data ? <AnalysisView analysis={data} /> : null}
      {data?.kind === 'core' ? <OnDemand analysis={data} /> : null}
      {data?.kind === 'core' ? <GdbPanel analysis={data} /> : null}
    </section>
  );
}
