import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Segmented } from '../../app/Segmented.js';
import {
  classIndex,
  failureSections,
  filterFiles,
  filterNetwork,
  filterProcesses,
  filterSlowest,
  summaryRows,
  VIEWS,
  type ViewId,
} from './display.js';
import { FilterBar } from './FilterBar.js';
import { useTrace } from './store.js';
import { EndView } from './views/EndView.js';
import { EventsView } from './views/EventsView.js';
import { FailuresView } from './views/FailuresView.js';
import { FilesView } from './views/FilesView.js';
import { NetworkView } from './views/NetworkView.js';
import { ProcessesView } from './views/ProcessesView.js';
import { SlowestView } from './views/SlowestView.js';
import { SummaryView } from './views/SummaryView.js';

/** The trace read for a person: one tab per question, all from the same live analysis. */
export function Findings() {
  const { analysis, view, filter, setView, command, phase } = useTrace(
    useShallow((s) => ({
      analysis: s.analysis,
      view: s.view,
      filter: s.filter,
      setView: s.setView,
      command: s.session?.command,
      phase: s.phase,
    })),
  );
  const classes = useMemo(() => classIndex(analysis?.summary ?? []), [analysis]);
  const sections = useMemo(() => failureSections(analysis?.failures ?? [], filter, classes, command ?? []), [analysis, filter, classes, command]);

  const counts: Partial<Record<ViewId, number>> = analysis
    ? {
        failures: sections.important.length,
        files: analysis.files.length,
        network: analysis.network.length,
        processes: analysis.processes.length,
      }
    : {};

  return (
    <section className="card trace-findings" data-testid="trace-findings">
      <Segmented
        kind="tab"
        label="Trace views"
        className="tabs"
        optionClassName="tab"
        value={view}
        onSelect={setView}
        options={VIEWS.map((v) => ({
          value: v.id,
          testId: `trace-tab-${v.id}`,
          label: (
            <>
              {v.label}
              {counts[v.id] ? <span className="tab-count">{counts[v.id]}</span> : null}
            </>
          ),
        }))}
      />
      {view !== 'end' ? <FilterBar showFailedOnly={view === 'events'} /> : null}
      <div className="tab-body" role="tabpanel">
        {view === 'events' ? (
          <EventsView />
        ) : !analysis ? (
          <p className="muted">Waiting for the first calls…</p>
        ) : view === 'failures' ? (
          <FailuresView sections={sections} truncated={analysis.truncated.failures} />
        ) : view === 'end' ? (
          <EndView analysis={analysis} command={command ?? []} running={phase === 'running'} />
        ) : view === 'files' ? (
          <FilesView files={filterFiles(analysis.files, filter)} truncated={analysis.truncated.files} />
        ) : view === 'network' ? (
          <NetworkView entries={filterNetwork(analysis.network, filter)} />
        ) : view === 'processes' ? (
          <ProcessesView processes={filterProcesses(analysis.processes, filter)} />
        ) : view === 'summary' ? (
          <SummaryView {...summaryRows(analysis.summary, filter)} />
        ) : (
          <SlowestView calls={filterSlowest(analysis.slowest, filter)} />
        )}
      </div>
    </section>
  );
}
