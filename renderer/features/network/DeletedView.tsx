import { useCallback, useMemo } from 'react';
import type { DeletedFile } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatClock } from '../../app/format.js';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { emptyText } from './empty-text.js';
import { holderText } from './endpoints.js';
import { rankDeleted, rankRestartGains } from './ranking.js';
import { useNetwork } from './store.js';
import { Cell, VirtualRows, type Column } from './VirtualRows.js';

const COLUMNS = {
  allocated: { id: 'allocated', label: 'On disk', width: 100, numeric: true },
  size: { id: 'size', label: 'Size', width: 100, numeric: true },
  fs: { id: 'fs', label: 'Filesystem', width: 130 },
  holders: { id: 'holders', label: 'Held by', width: 260 },
  path: { id: 'path', label: 'Path (deleted)' },
} satisfies Record<string, Column>;
const ORDER: Column[] = [COLUMNS.allocated, COLUMNS.size, COLUMNS.fs, COLUMNS.holders, COLUMNS.path];

function DeletedRow({ f }: { f: DeletedFile }) {
  const held = f.holders.map(holderText).join(', ');
  return (
    <div role="row" className="nf-row" data-testid="deleted-row" data-path={f.path} data-size={f.sizeBytes} data-pid={f.holders[0]?.pid ?? ''}>
      <Cell column={COLUMNS.allocated}>{formatBytes(f.allocatedBytes)}</Cell>
      <Cell column={COLUMNS.size} testId="deleted-size">
        {formatBytes(f.sizeBytes)}
      </Cell>
      <Cell column={COLUMNS.fs} title={f.filesystem ? `${f.filesystem.source} (${f.filesystem.fsType})` : undefined}>
        {f.filesystem?.mountPoint ?? 'unknown'}
      </Cell>
      <Cell column={COLUMNS.holders} title={held}>
        {held}
      </Cell>
      <Cell column={COLUMNS.path} title={f.path}>
        <span className="mono">{f.path}</span>
      </Cell>
    </div>
  );
}

export function DeletedView() {
  const deleted = useNetwork((s) => s.deleted);
  const refresh = useCallback(() => useNetwork.getState().refreshDeleted(), []);
  useVisibleInterval(refresh, 10_000);
  const files = useMemo(() => rankDeleted(deleted.data?.files ?? []), [deleted.data]);
  const gains = useMemo(() => rankRestartGains(deleted.data?.byProcess ?? []), [deleted.data]);

  return (
    <div className="nf-view" data-testid="deleted-view">
      <section className="card">
        <div className="controls">
          <h3>Deleted files still held open</h3>
          <button type="button" className="button" onClick={() => void refresh()} disabled={deleted.loading}>
            Refresh
          </button>
          <span className="muted live-status">{deleted.data ? formatClock(deleted.data.time) : deleted.loading ? 'Looking through every descriptor…' : ''}</span>
        </div>
        <p className="muted">
          A file deleted while a program keeps it open still takes its space until that program closes it or exits: the full disk that du cannot explain. Refresh
          re-reads what changed; a file deleted since is seen within 10 s, and every entry is checked again before it is shown.
        </p>
        {deleted.error ? <p className="error-box">{deleted.error}</p> : null}
        {/* The backend's sentence about this very list (the findings panel shows the same one). */}
        {deleted.data ? <p data-testid="deleted-total">{deleted.data.summary}</p> : null}
        {gains.length > 0 ? (
          <ul className="nf-gains" data-testid="restart-gains">
            {gains.map((g) => (
              <li key={`${g.pid}:${g.startTime}`} data-testid="restart-gain" data-pid={g.pid} data-bytes={g.restartGainBytes}>
                {g.sentence}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card nf-list-card">
        <VirtualRows
          items={files}
          columns={ORDER}
          rowKey={(f) => `${f.path}|${f.holders.map((h) => h.pid).join(',')}`}
          renderRow={(f) => <DeletedRow f={f} />}
          testId="deleted-table"
          label="Deleted but open files"
          empty={emptyText(deleted, deleted.data?.summary ?? '', 'Looking through every descriptor…')}
        />
      </section>
    </div>
  );
}
