import type { Connection } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatCount } from '../../app/format.js';
import { localEndpoint, ownerText, protocolLabel, remoteEndpoint } from './endpoints.js';
import { stateSummary, type ConnectionItem } from './grouping.js';
import { Cell, VirtualRows, type Column } from './VirtualRows.js';

const COLUMNS = {
  proto: { id: 'proto', label: 'Proto', width: 60 },
  local: { id: 'local', label: 'Local address', width: 250 },
  remote: { id: 'remote', label: 'Remote address', width: 250 },
  state: { id: 'state', label: 'State', width: 110 },
  send: { id: 'send', label: 'Send-Q', width: 80, numeric: true },
  recv: { id: 'recv', label: 'Recv-Q', width: 80, numeric: true },
  owner: { id: 'owner', label: 'Process (pid, user)' },
} satisfies Record<string, Column>;
const ORDER: Column[] = [COLUMNS.proto, COLUMNS.local, COLUMNS.remote, COLUMNS.state, COLUMNS.send, COLUMNS.recv, COLUMNS.owner];

/** Queues: bytes for data, a count of waiting connections for a listener's accept queue. */
function queueText(c: Connection, which: 'send' | 'recv'): string {
  const n = which === 'send' ? c.sendQueue : c.receiveQueue;
  if (c.state === 'LISTEN') return formatCount(n);
  return n === 0 ? '0' : formatBytes(n);
}

function ConnectionRow({ c }: { c: Connection }) {
  const stuck = c.state === 'CLOSE_WAIT' || c.state === 'SYN_SENT';
  return (
    <div role="row" className={`nf-row${stuck ? ' nf-stuck' : ''}`} data-testid="connection-row" data-state={c.state} data-local-port={c.localPort ?? ''} data-pid={c.owners[0]?.pid ?? ''}>
      <Cell column={COLUMNS.proto}>{protocolLabel(c)}</Cell>
      <Cell column={COLUMNS.local} title={localEndpoint(c)}>
        <span className="mono">{localEndpoint(c)}</span>
      </Cell>
      <Cell column={COLUMNS.remote} title={remoteEndpoint(c)}>
        <span className="mono">{c.protocol === 'unix' ? '' : remoteEndpoint(c)}</span>
      </Cell>
      <Cell column={COLUMNS.state}>{c.state}</Cell>
      <Cell column={COLUMNS.send}>{queueText(c, 'send')}</Cell>
      <Cell column={COLUMNS.recv}>{queueText(c, 'recv')}</Cell>
      <Cell column={COLUMNS.owner} title={ownerText(c)}>
        {ownerText(c)}
      </Cell>
    </div>
  );
}

export interface ConnectionsTableProps {
  items: readonly ConnectionItem[];
  onToggleGroup?(key: string): void;
  testId?: string;
  maxHeight?: number;
  empty?: string;
}

export function ConnectionsTable({ items, onToggleGroup, testId = 'connections-table', maxHeight, empty }: ConnectionsTableProps) {
  return (
    <VirtualRows
      items={items}
      columns={ORDER}
      rowKey={(item) => item.key}
      testId={testId}
      label="Connections"
      maxHeight={maxHeight}
      empty={empty ?? 'No sockets match.'}
      renderRow={(item) =>
        item.kind === 'group' ? (
          <div role="row" className="nf-row nf-group" data-testid="connection-group" data-group={item.group.key}>
            <button
              type="button"
              className="nf-toggle"
              aria-expanded={!item.collapsed}
              onClick={() => onToggleGroup?.(item.group.key)}
              title={item.collapsed ? 'Show these sockets' : 'Hide these sockets'}
            >
              {item.collapsed ? '▸' : '▾'}
            </button>
            <span className="nf-group-label">{item.group.label}</span>
            <span className="num nf-group-count">{formatCount(item.group.connections.length)}</span>
            <span className="muted nf-group-states">{stateSummary(item.group.byState)}</span>
          </div>
        ) : (
          <ConnectionRow c={item.connection} />
        )
      }
    />
  );
}
