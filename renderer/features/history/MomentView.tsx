import { useMemo, useState } from 'react';
import type { ProcessRow } from '../../../native-bridge/contract/processes.js';
import { formatByteRate, formatBytes, formatPercent, formatTimestamp } from '../../app/format.js';
import type { Moment } from './store.js';

type SortKey = 'name' | 'pid' | 'user' | 'cpu' | 'rss' | 'io';
const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'pid', label: 'PID', numeric: true },
  { key: 'user', label: 'User', numeric: false },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'rss', label: 'Memory', numeric: true },
  { key: 'io', label: 'Disk I/O', numeric: true },
];
const ROWS_SHOWN = 200;

const ioOf = (r: ProcessRow): number => (r.ioReadPerSec ?? 0) + (r.ioWritePerSec ?? 0);
function valueOf(r: ProcessRow, key: SortKey): number | string {
  if (key === 'io') return ioOf(r);
  return r[key];
}

/** The process table as it was recorded at the picked moment, sortable by the same columns as the live one. */
function RecordedTable({ rows }: { rows: readonly ProcessRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'cpu', desc: true });
  const sorted = useMemo(() => {
    const out = [...rows];
    out.sort((a, b) => {
      const x = valueOf(a, sort.key);
      const y = valueOf(b, sort.key);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -order : order;
    });
    return out;
  }, [rows, sort]);
  return (
    <table className="history-table" data-testid="history-processes">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
              <button type="button" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric }))}>
                {c.label}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.slice(0, ROWS_SHOWN).map((r) => (
          <tr key={`${r.pid}:${r.startTime}`} data-pid={r.pid}>
            <td title={r.cmdline || r.name}>{r.name}</td>
            <td className="num">{r.pid}</td>
            <td>{r.user}</td>
            <td className="num">{formatPercent(r.cpu)}</td>
            <td className="num">{formatBytes(r.rss)}</td>
            <td className="num">{r.ioReadPerSec === null && r.ioWritePerSec === null ? '—' : formatByteRate(ioOf(r))}</td>
          </tr>
        ))}
      </tbody>
      {sorted.length > ROWS_SHOWN ? (
        <tfoot>
          <tr>
            <td colSpan={COLUMNS.length} className="muted">
              {sorted.length - ROWS_SHOWN} more not shown; sort by another column to see them.
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

/** "The machine at 10:31": the table as recorded, who used the most around it, and what happened around it. */
export function MomentView({ moment, onClose }: { moment: Moment; onClose(): void }) {
  const { table, top, events } = moment;
  return (
    <section className="history-moment" data-testid="history-moment" aria-label={`The machine at ${formatTimestamp(moment.at)}`}>
      <header>
        <h2>The machine at {formatTimestamp(moment.at)}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {table.status === 'loading' ? <p className="muted">Reading the recorded process table…</p> : null}
      {table.status === 'error' ? <p className="error" role="alert">{table.error}</p> : null}
      {table.data ? (
        <>
          <p className="muted" data-testid="history-frame">
            Recorded at {formatTimestamp(table.data.frameTime)}
            {table.data.resolution === 'top-per-minute' ? ' · older than a day: only that minute’s top consumers were kept' : ''} ·{' '}
            {table.data.rows.length} processes
          </p>
          <RecordedTable rows={table.data.rows} />
        </>
      ) : null}
      <div className="history-around">
        <div>
          <h3>Most CPU within 5 minutes of it</h3>
          {top.status === 'error' ? <p className="error">{top.error}</p> : null}
          {top.data && top.data.rows.length === 0 ? <p className="muted">Nothing was recorded then.</p> : null}
          <ol data-testid="history-top">
            {top.data?.rows.map((r) => (
              <li key={`${r.pid}:${r.startTime}`}>
                {r.name} (pid {r.pid}): {formatPercent(r.cpuPercent)} of one core, up to {formatBytes(r.rssMaxBytes)}
              </li>
            ))}
          </ol>
          {top.data ? <p className="muted">{top.data.note}</p> : null}
        </div>
        <div>
          <h3>What happened within 15 minutes of it</h3>
          {events.status === 'error' ? <p className="error">{events.error}</p> : null}
          {events.data && events.data.events.length === 0 ? <p className="muted">No recorded event.</p> : null}
          <ul data-testid="history-events">
            {events.data?.events.map((e, i) => (
              <li key={`${e.time}:${i}`}>
                <time>{formatTimestamp(e.time)}</time> {e.summary}
              </li>
            ))}
          </ul>
          {events.data && events.data.omitted > 0 ? <p className="muted">{events.data.omitted} more not shown.</p> : null}
        </div>
      </div>
    </section>
  );
}
