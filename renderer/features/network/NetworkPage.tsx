import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatClock } from '../../app/format.js';
import { Segmented } from '../../app/Segmented.js';
import { ConnectionsView } from './ConnectionsView.js';
import { DeletedView } from './DeletedView.js';
import { DiskView } from './DiskView.js';
import { useFindings } from '../findings/index.js';
import { FindingsPanel, UnreadableNote } from './FindingsPanel.js';
import { ListeningView } from './ListeningView.js';
import { OpenFilesView } from './OpenFilesView.js';
import { applyRouteFilter } from './route-filter.js';
import { TABS, useNetwork, type TabId } from './store.js';
import './network.css';

const VIEWS: Record<TabId, () => React.JSX.Element> = {
  connections: ConnectionsView,
  listening: ListeningView,
  files: OpenFilesView,
  deleted: DeletedView,
  disk: DiskView,
};

function WatchStatus() {
  const { status, error, last, pending } = useNetwork(
    useShallow((s) => ({ status: s.watch.status, error: s.watch.error, last: s.watch.ticks[s.watch.ticks.length - 1]?.time ?? null, pending: s.watch.pendingSockets })),
  );
  const text =
    status === 'error'
      ? `Stopped: ${error ?? 'the live view failed'}`
      : status === 'live' && last !== null
        ? `Live · ${formatClock(last)}${pending > 0 ? ` · owners of ${pending} new sockets looked up shortly` : ''}`
        : 'Connecting…';
  return (
    <span className="muted live-status" data-testid="network-status">
      {text}
    </span>
  );
}

export function NetworkPage() {
  const tab = useNetwork((s) => s.tab);
  useEffect(() => {
    // A finding's link ("Open … in Network") arrives with the process and filter in the route.
    applyRouteFilter(window.location.hash);
    // Its findings panel shows the findings themselves, not only their count (read() first: one stream, opened at that pace).
    const stopReading = useFindings.getState().read();
    useFindings.getState().start();
    const store = useNetwork.getState();
    store.startWatch();
    // Deleted-file findings belong at the top even before anyone opens that tab.
    if (!store.deleted.data) void store.refreshDeleted();
    return () => {
      stopReading();
      useNetwork.getState().stopWatch();
    };
  }, []);
  const View = VIEWS[tab];

  return (
    <div className="page nf-page" data-testid="network-page">
      <header className="page-head">
        <h1>Network &amp; files</h1>
        <WatchStatus />
      </header>
      <FindingsPanel />
      <UnreadableNote />
      <Segmented
        kind="tab"
        label="Network and files views"
        className="nf-tabs"
        optionClassName="nf-tab"
        value={tab}
        onSelect={(id) => useNetwork.getState().setTab(id)}
        options={TABS.map((t) => ({ value: t.id, label: t.label, testId: `network-tab-${t.id}` }))}
      />
      <div role="tabpanel" aria-label={TABS.find((t) => t.id === tab)?.label}>
        <View />
      </div>
    </div>
  );
}
