import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ListeningPort } from '../../../native-bridge/contract/index.js';
import { formatClock, formatCount } from '../../app/format.js';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { formatEndpoint } from './endpoints.js';
import { emptyText } from './empty-text.js';
import { ownerWords, sortPorts } from './port-search.js';
import { useNetwork } from './store.js';
import { Cell, VirtualRows, type Column } from './VirtualRows.js';
import { ErrorText } from '../../app/RetryError.js';

const COLUMNS = {
  port: { id: 'port', label: 'Port', width: 70, numeric: true },
  proto: { id: 'proto', label: 'Proto', width: 60 },
  address: { id: 'address', label: 'Address', width: 200 },
  scope: { id: 'scope', label: 'Reachable from', width: 240 },
  waiting: { id: 'waiting', label: 'Waiting', width: 80, numeric: true },
  owner: { id: 'owner', label: 'Process (pid, user)' },
} satisfies Record<string, Column>;
const ORDER: Column[] = [COLUMNS.port, COLUMNS.proto, COLUMNS.address, COLUMNS.scope, COLUMNS.waiting, COLUMNS.owner];

function PortRow({ p }: { p: ListeningPort }) {
  return (
    <div role="row" className="nf-row" data-testid="listening-row" data-port={p.port} data-pid={p.owners[0]?.pid ?? ''}>
      <Cell column={COLUMNS.port}>{p.port}</Cell>
      <Cell column={COLUMNS.proto}>{p.family === 'ipv6' ? `${p.protocol}6` : p.protocol}</Cell>
      <Cell column={COLUMNS.address}>
        <span className="mono">{formatEndpoint(p.family, p.address, p.port)}</span>
      </Cell>
      <Cell column={COLUMNS.scope}>
        <span className={p.scope === 'all' ? 'nf-wide' : undefined}>{p.scopeWords}</span>
      </Cell>
      <Cell column={COLUMNS.waiting}>{p.protocol === 'tcp' ? formatCount(p.waiting) : ''}</Cell>
      <Cell column={COLUMNS.owner} title={ownerWords(p, ', ')}>
        {ownerWords(p, ', ')}
      </Cell>
    </div>
  );
}

export function ListeningView() {
  const { listening, portQuery, portAnswer, portError } = useNetwork(
    useShallow((s) => ({ listening: s.listening, portQuery: s.portQuery, portAnswer: s.portAnswer, portError: s.portError })),
  );
  useVisibleInterval(useNetwork.getState().refreshListening, 5000);
  const ports = useMemo(() => sortPorts(listening.data?.ports ?? []), [listening.data]);
  const shown = portAnswer ? portAnswer.matches : ports;

  return (
    <div className="nf-view" data-testid="listening-view">
      <section className="card nf-ask" aria-label="What is on a port">
        <label htmlFor="nf-port-query">
          <h3>What is on port…?</h3>
        </label>
        <input
          id="nf-port-query"
          type="search"
          inputMode="numeric"
          className="nf-input nf-port-input"
          placeholder="Port number, e.g. 8080"
          value={portQuery}
          onChange={(e) => void useNetwork.getState().askPort(e.target.value)}
          data-testid="port-search"
        />
        <ErrorText error={portError} testId="port-error" alert={false} />
        {portAnswer ? (
          <ul className="nf-answer" data-testid="port-answer" data-port={portAnswer.port}>
            {portAnswer.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card nf-list-card" aria-label="Listening ports">
        <div className="controls">
          <h3>{portAnswer ? `Listening on port ${portAnswer.port}` : 'Everything listening'}</h3>
          <span className="muted live-status">
            {listening.data ? `${formatCount(ports.length)} listening sockets · ${formatClock(listening.data.time)}` : listening.loading ? 'Reading…' : ''}
          </span>
        </div>
        {listening.error ? <p className="error-box">{listening.error}</p> : null}
        <VirtualRows
          items={shown}
          columns={ORDER}
          rowKey={(p) => `${p.protocol}|${p.family}|${p.address}|${p.port}`}
          renderRow={(p) => <PortRow p={p} />}
          testId="listening-table"
          label="Listening ports"
          empty={emptyText(listening, portAnswer ? `Nothing listens on port ${portAnswer.port}.` : 'Nothing listens.')}
        />
      </section>
    </div>
  );
}
