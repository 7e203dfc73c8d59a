import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Filesystem, ProcessIo } from '../../../native-bridge/contract/index.js';
import { formatByteRate, formatBytes, formatClock, formatPercent } from '../../app/format.js';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { Segmented } from '../../app/Segmented.js';
import { rankIo, rankRestartGains, type IoSort } from './ranking.js';
import { useNetwork } from './store.js';
import { Cell, VirtualRows, type Column } from './VirtualRows.js';
import { num, TableHead } from '../../app/TableHead.js';

const NEARLY_FULL = 90;

function UsageBar({ percent }: { percent: number | null }) {
  if (percent === null) return <span className="muted">—</span>;
  return (
    <span className="usage-col">
      <span className="usage" aria-hidden="true">
        <span className={`usage-fill${percent >= NEARLY_FULL ? ' warn' : ''}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </span>{' '}
      {formatPercent(percent, 0)}
    </span>
  );
}

function FilesystemRow({ fs }: { fs: Filesystem }) {
  return (
    <tr data-testid="filesystem-row" data-mount={fs.mountPoint}>
      <td className="mono" title={`${fs.source} (${fs.fsType})`}>
        {fs.mountPoint}
      </td>
      <td>{fs.fsType}</td>
      <td className="num">{formatBytes(fs.sizeBytes)}</td>
      <td className="num">{formatBytes(fs.usedBytes)}</td>
      <td className="num">{formatBytes(fs.availableBytes)}</td>
      <td>
        <UsageBar percent={fs.usedPercent} />
      </td>
      <td>
        <UsageBar percent={fs.inodesPercent} />
      </td>
      <td className="num">{fs.deletedOpenBytes > 0 ? formatBytes(fs.deletedOpenBytes) : '—'}</td>
    </tr>
  );
}

const IO_COLUMNS = {
  pid: { id: 'pid', label: 'PID', width: 80, numeric: true },
  name: { id: 'name', label: 'Process', width: 180 },
  user: { id: 'user', label: 'User', width: 100 },
  read: { id: 'read', label: 'Disk read', width: 110, numeric: true },
  write: { id: 'write', label: 'Disk write', width: 110, numeric: true },
  rchar: { id: 'rchar', label: 'All reads', width: 110, numeric: true },
  wchar: { id: 'wchar', label: 'All writes', width: 110, numeric: true },
  totals: { id: 'totals', label: 'Read / written since start' },
} satisfies Record<string, Column>;
const IO_ORDER: Column[] = Object.values(IO_COLUMNS);

function IoRow({ p }: { p: ProcessIo }) {
  return (
    <div role="row" className="nf-row" data-testid="io-row" data-pid={p.pid}>
      <Cell column={IO_COLUMNS.pid}>{p.pid}</Cell>
      <Cell column={IO_COLUMNS.name} title={p.name}>
        {p.name}
      </Cell>
      <Cell column={IO_COLUMNS.user}>{p.user}</Cell>
      <Cell column={IO_COLUMNS.read}>{formatByteRate(p.readBytesPerSec)}</Cell>
      <Cell column={IO_COLUMNS.write}>{formatByteRate(p.writeBytesPerSec)}</Cell>
      <Cell column={IO_COLUMNS.rchar}>{formatByteRate(p.readCharsPerSec)}</Cell>
      <Cell column={IO_COLUMNS.wchar}>{formatByteRate(p.writeCharsPerSec)}</Cell>
      <Cell column={IO_COLUMNS.totals}>{`${formatBytes(p.readBytesTotal)} / ${formatBytes(p.writeBytesTotal)}`}</Cell>
    </div>
  );
}

const IO_SORTS: { id: IoSort; label: string }[] = [
  { id: 'total', label: 'Disk total' },
  { id: 'read', label: 'Disk read' },
  { id: 'write', label: 'Disk write' },
  { id: 'chars', label: 'All I/O' },
];

export function DiskView() {
  const { filesystems, io, deleted } = useNetwork(useShallow((s) => ({ filesystems: s.filesystems, io: s.io, deleted: s.deleted })));
  const [sort, setSort] = useState<IoSort>('total');
  useVisibleInterval(useNetwork.getState().refreshFilesystems, 10_000);
  useVisibleInterval(useNetwork.getState().refreshIo, 2000);
  const ranked = useMemo(() => rankIo(io.data?.processes ?? [], sort), [io.data, sort]);
  const holders = useMemo(() => rankRestartGains(deleted.data?.byProcess ?? [], 5), [deleted.data]);

  return (
    <div className="nf-view" data-testid="disk-view">
      <section className="card" aria-label="Filesystems">
        <h3>Filesystems</h3>
        {filesystems.error ? <p className="error-box">{filesystems.error}</p> : null}
        <table className="table nf-small-table" data-testid="filesystems">
          <TableHead columns={['Mounted on', 'Type', num('Size'), num('Used'), num('Free'), 'Space used', 'Inodes used', num('Deleted, still open')]} />
          <tbody>
            {(filesystems.data?.filesystems ?? []).map((fs) => (
              <FilesystemRow key={fs.mountPoint} fs={fs} />
            ))}
          </tbody>
        </table>
        {holders.length > 0 ? (
          <>
            <h3 className="nf-subhead">Largest holders of deleted files</h3>
            <ul className="nf-gains" data-testid="disk-holders">
              {holders.map((g) => (
                <li key={`${g.pid}:${g.startTime}`}>{g.sentence}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card nf-list-card" aria-label="Disk I/O per process">
        <div className="controls">
          <h3>Disk I/O per process</h3>
          <Segmented label="Rank by" value={sort} onSelect={setSort} options={IO_SORTS.map((s) => ({ value: s.id, label: s.label }))} />
          <span className="muted live-status" data-testid="io-status">
            {io.data ? `Over ${(io.data.intervalMs / 1000).toFixed(1)} s · ${formatClock(io.data.time)}` : io.loading ? 'Measuring for a second…' : ''}
          </span>
        </div>
        <p className="muted chart-note">
          Disk read/write: what reached the storage layer (as iotop shows). All reads/writes: every read() and write() call, including the page cache, pipes and sockets.
        </p>
        {io.error ? <p className="error-box">{io.error}</p> : null}
        {io.data?.unreadable.sentence ? <p className="muted">{io.data.unreadable.sentence}</p> : null}
        <VirtualRows
          items={ranked}
          columns={IO_ORDER}
          rowKey={(p) => `${p.pid}:${p.startTime}`}
          renderRow={(p) => <IoRow p={p} />}
          testId="io-table"
          label="Disk I/O per process"
          empty="No process read or wrote anything in the last interval."
        />
      </section>
    </div>
  );
}
