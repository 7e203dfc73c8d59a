import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TraceEvent } from '../../../../native-bridge/contract/index.js';
import { formatCount, plural } from '../../../app/format.js';
import { formatEventLine } from '../display.js';
import { useTrace } from '../store.js';
import { VirtualList } from '../../../app/VirtualList.js';

function eventClass(e: TraceEvent): string {
  if (e.kind === 'call') return e.errno ? 'ev failed' : 'ev';
  return `ev ${e.kind}`;
}

/**
 * Every event, newest at the bottom. Unfiltered it is the live tail the page holds; with a filter it
 * asks the backend (trace.query), which searches every event it keeps in memory.
 */
export function EventsView() {
  const { events, query, filter, failedOnly, phase, totalEvents, olderOnDisk, runQuery } = useTrace(
    useShallow((s) => ({
      events: s.events,
      query: s.query,
      filter: s.filter,
      failedOnly: s.failedOnly,
      phase: s.phase,
      totalEvents: s.totalEvents,
      olderOnDisk: s.olderOnDisk,
      runQuery: s.runQuery,
    })),
  );
  const filtered = failedOnly || filter.text.trim() !== '' || filter.classes.length > 0;

  useEffect(() => {
    if (!filtered) return;
    // Typing settles first; while the trace runs the result refreshes on its own.
    const first = setTimeout(() => void runQuery(), 250);
    const again = phase === 'running' ? setInterval(() => void runQuery(), 1500) : null;
    return () => {
      clearTimeout(first);
      if (again) clearInterval(again);
    };
  }, [filtered, filter, failedOnly, phase, runQuery]);

  const shown = filtered ? query.events : events;
  return (
    <div className="events-view">
      <p className="muted small" data-testid="trace-events-status">
        {filtered
          ? query.status === 'error'
            ? query.error
            : query.status === 'loading' && query.events.length === 0
              ? 'Searching…'
              : `${plural(query.matched, 'matching event')}${query.matched > query.events.length ? `; the newest ${formatCount(query.events.length)} shown` : ''}.`
          : `The newest ${formatCount(events.length)} of ${plural(totalEvents, 'event')}.`}
        {olderOnDisk > 0 ? ` ${plural(olderOnDisk, 'older event')} ${olderOnDisk === 1 ? 'is' : 'are'} on disk only (in the capture file).` : ''}
      </p>
      {shown.length === 0 ? (
        <p className="muted">No events{filtered ? ' match the filter' : ' yet'}.</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={22}
          height={480}
          testId="trace-events"
          className="event-list"
          follow={phase === 'running' || phase === 'stopping'}
          keyOf={(e) => e.seq}
          renderRow={(e) => {
            const line = formatEventLine(e);
            return (
              <code className={eventClass(e)} title={line}>
                {line}
              </code>
            );
          }}
        />
      )}
    </div>
  );
}
