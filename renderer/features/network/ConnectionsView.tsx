import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SOCKET_STATES, type SocketState } from '../../../native-bridge/contract/index.js';
import { formatByteRate, formatBytes, formatClock, formatCount, plural } from '../../app/format.js';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { Segmented } from '../../app/Segmented.js';
import { ConnectionsTable } from './ConnectionsTable.js';
import { emptyText } from './empty-text.js';
import { NamespacesTable } from './NamespacesTable.js';
import { flattenGroups, groupConnections, matchesText, stateSummary, type GroupBy } from './grouping.js';
import { StateChart } from './StateChart.js';
import { useNetwork } from './store.js';
import { chartChoices } from './watch-ring.js';
import { useFindings } from '../findings/index.js';
import { socketFindings } from './findings.js';
import { num, TableHead } from '../../app/TableHead.js';

const GROUPS: { id: GroupBy; label: string }[] = [
  { id: 'process', label: 'By process' },
  { id: 'state', label: 'By state' },
  { id: 'none', label: 'Flat' },
];

function StateOverTime() {
  const { ticks, focus } = useNetwork(useShallow((s) => ({ ticks: s.watch.ticks, focus: s.chartFocus })));
  const report = useFindings((s) => s.report);
  // Processes a socket finding names come first in the picker.
  const culprits = useMemo(() => socketFindings(report).flatMap((f) => f.culprits), [report]);
  const choices = useMemo(() => chartChoices(ticks, culprits), [ticks, culprits]);
  return (
    <section className="card chart-card" aria-label="Sockets per state over time">
      <header className="chart-head">
        <h3>Sockets per state over time</h3>
        <label className="interval">
          for
          <select value={focus ?? ''} onChange={(e) => useNetwork.getState().setChartFocus(e.target.value === '' ? null : e.target.value)} data-testid="chart-focus">
            <option value="">the whole machine</option>
            {focus !== null && !choices.some((c) => c.key === focus) ? <option value={focus}>{`pid ${focus.split(':')[0]} (gone)`}</option> : null}
            {choices.map((c) => (
              <option key={c.key} value={c.key}>{`${c.label} — ${plural(c.total, 'socket')}`}</option>
            ))}
          </select>
        </label>
      </header>
      <StateChart ticks={ticks} focus={focus} />
    </section>
  );
}

function Interfaces() {
  const interfaces = useNetwork((s) => s.interfaces);
  useVisibleInterval(useNetwork.getState().refreshInterfaces, 5000);
  const list = interfaces.data?.interfaces ?? [];
  return (
    <section className="card" aria-label="Network interfaces" data-testid="interfaces">
      <h3>Traffic per interface</h3>
      {interfaces.error ? <p className="error-box">{interfaces.error}</p> : null}
      <table className="table nf-small-table">
        <TableHead columns={['Interface', num('Receive'), num('Send'), num('Received total'), num('Sent total')]} />
        <tbody>
          {list.map((i) => (
            <tr key={i.name}>
              <td>{i.name}</td>
              <td className="num">{formatByteRate(i.rxBytesPerSec)}</td>
              <td className="num">{formatByteRate(i.txBytesPerSec)}</td>
              <td className="num">{formatBytes(i.rxBytes)}</td>
              <td className="num">{formatBytes(i.txBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {interfaces.data ? <NamespacesTable data={interfaces.data} /> : null}
      {interfaces.data ? <p className="muted chart-note">{interfaces.data.perProcessNote}</p> : null}
    </section>
  );
}

export function ConnectionsView() {
  const { connections, groupBy, stateFilter, textFilter, collapsed, includeUnix } = useNetwork(
    useShallow((s) => ({
      connections: s.connections,
      groupBy: s.groupBy,
      stateFilter: s.stateFilter,
      textFilter: s.textFilter,
      collapsed: s.collapsed,
      includeUnix: s.includeUnix,
    })),
  );
  const refresh = useCallback(() => useNetwork.getState().refreshConnections(), []);
  useVisibleInterval(refresh, 5000);
  const all = connections.data?.connections;
  const shown = useMemo(() => (all ?? []).filter((c) => (stateFilter === null || c.state === stateFilter) && matchesText(c, textFilter)), [all, stateFilter, textFilter]);
  const groups = useMemo(() => groupConnections(shown, groupBy), [shown, groupBy]);
  const items = useMemo(() => flattenGroups(groups, collapsed, groupBy !== 'none'), [groups, collapsed, groupBy]);
  const store = useNetwork.getState();

  return (
    <div className="nf-view" data-testid="connections-view">
      <div className="nf-two">
        <StateOverTime />
        <Interfaces />
      </div>
      <section className="card nf-list-card" aria-label="Sockets">
        <div className="controls">
          <Segmented
            label="Group sockets"
            value={groupBy}
            onSelect={(id) => store.setGroupBy(id)}
            options={GROUPS.map((g) => ({ value: g.id, label: g.label, testId: `group-${g.id}` }))}
          />
          <label className="interval">
            State
            <select value={stateFilter ?? ''} onChange={(e) => store.setStateFilter(e.target.value === '' ? null : (e.target.value as SocketState))} data-testid="state-filter">
              <option value="">any</option>
              {SOCKET_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <input
            type="search"
            className="nf-input"
            placeholder="Filter: address, port, process, user"
            value={textFilter}
            onChange={(e) => store.setTextFilter(e.target.value)}
            data-testid="connection-filter"
            aria-label="Filter sockets"
          />
          <label className="interval">
            <input type="checkbox" checked={includeUnix} onChange={(e) => store.setIncludeUnix(e.target.checked)} data-testid="include-unix" />
            Unix sockets
          </label>
          <button type="button" className="button" onClick={() => void refresh()} disabled={connections.loading}>
            Refresh
          </button>
          <span className="muted live-status" data-testid="connections-status">
            {connections.data
              ? `${formatCount(shown.length)} of ${plural(connections.data.connections.length, 'socket')} · ${formatClock(connections.data.time)}`
              : connections.loading
                ? 'Reading the socket tables…'
                : ''}
          </span>
        </div>
        {connections.data ? (
          <p className="muted nf-totals" data-testid="connection-totals">
            Whole machine: {stateSummary(connections.data.totals) || 'no sockets'}. Sockets are read live; which process owns one is
            re-checked at least every 10 s (cheaper than walking every descriptor each second).
          </p>
        ) : null}
        {connections.error ? <p className="error-box">{connections.error}</p> : null}
        <ConnectionsTable items={items} onToggleGroup={(key) => store.toggleGroup(key)} empty={emptyText(connections, 'No sockets match.', 'Reading the socket tables…')} />
      </section>
    </div>
  );
}
