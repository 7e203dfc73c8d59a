import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDisconnectedText } from '../../app/connection-text.js';
import { formatClock } from '../../app/format.js';
import { RetryError } from '../../app/RetryError.js';
import { routeParams } from '../../app/router.js';
import { ActionBar } from './ActionBar.js';
import { ActionResults } from './ActionResults.js';
import { AuditLog } from './AuditLog.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DetailPanel } from './DetailPanel.js';
import { ProcessSplit } from './ProcessSplit.js';
import { ProcessTable } from './ProcessTable.js';
import { keyOf } from './keys.js';
import { useProcesses } from './store.js';
import { Toolbar } from './Toolbar.js';
import './processes.css';

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Its own component: the clock changes every refresh, and the page around it should not re-render for it. */
function LiveStatus() {
  const { status, time, source } = useProcesses(useShallow((s) => ({ status: s.status, time: s.time, source: s.source })));
  const disconnected = useDisconnectedText();
  return (
    <span className={disconnected ? 'live-status disconnected' : 'live-status muted'} data-testid="processes-status">
      {disconnected ||
        (status === 'live' ? `Live · ${formatClock(time)}${source === 'systeminformation' ? ' · limited data (not Linux)' : ''}` : status === 'waiting' ? 'Reading processes…' : '')}
    </span>
  );
}

export function ProcessesPage() {
  const { error, start, stop } = useProcesses(useShallow((s) => ({ error: s.error, start: s.start, stop: s.stop })));
  const filterRef = useRef<HTMLInputElement | null>(null);
  const niceRef = useRef<HTMLInputElement | null>(null);
  const tableFocus = useCallback(() => document.querySelector<HTMLElement>('[data-testid="process-table"]')?.focus(), []);

  // The saved columns and sort apply before the first paint, so the table does not jump from the defaults.
  // A link from the dashboard ("#/processes?sort=rss") then sorts by the resource it was about.
  useLayoutEffect(() => {
    const store = useProcesses.getState();
    store.restoreView();
    const params = routeParams(window.location.hash);
    const sort = params.get('sort');
    if (sort !== null) store.sortDescBy(sort);
    // A link naming a process ("#/processes?pid=4411&start=123", from a finding) shows and selects it.
    const pid = params.get('pid');
    const startTime = params.get('start');
    if (pid === null || !/^\d+$/.test(pid)) return;
    store.setFilter(pid);
    if (startTime === null || !/^\d+$/.test(startTime)) return;
    const key = keyOf({ pid: Number(pid), startTime: Number(startTime) });
    const shown = (state: ReturnType<typeof useProcesses.getState>): boolean => state.view.some((v) => v.key === key);
    if (shown(store)) {
      store.click(key);
      return;
    }
    // Unsubscribed before selecting: click() updates the store, which would call this listener again.
    const unsubscribe = useProcesses.subscribe((state) => {
      if (!shown(state)) return;
      unsubscribe();
      state.click(key);
    });
    return unsubscribe;
  }, []);

  // Sampling 3,000 processes costs CPU: only while this page is open.
  useEffect(() => {
    start();
    return stop;
  }, [start, stop]);

  // `/` (outside text fields) and Ctrl+F focus the filter, as in a browser's find.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (useProcesses.getState().dialog) return;
      const ctrlF = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f';
      if (ctrlF || (event.key === '/' && !event.ctrlKey && !event.metaKey && !isTextField(event.target))) {
        event.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="page processes" data-testid="processes">
      <div className="page-head">
        <h1>Processes</h1>
        <LiveStatus />
      </div>
      <RetryError error={error} testId="processes-error" onRetry={start} />
      <Toolbar ref={filterRef} onLeaveFilter={tableFocus} />
      <ActionBar niceRef={niceRef} />
      <ActionResults />
      <ProcessSplit table={<ProcessTable onRenice={() => niceRef.current?.focus()} />} detail={<DetailPanel />} />
      <AuditLog />
      <ConfirmDialog onClosed={tableFocus} />
    </div>
  );
}
