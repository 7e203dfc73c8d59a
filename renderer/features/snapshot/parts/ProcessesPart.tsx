import { useMemo, useState } from 'react';
import type { ProcessesPart as ProcessesPartData } from '../../../../native-bridge/contract/index.js';
import { formatBytes, formatCount, formatPercent, plural } from '../../../app/format.js';
import { chartPalette } from '../../../app/palette.js';
import { useResolvedTheme } from '../../../app/theme.js';
import { COLUMN_BY_ID, type ColumnContext, type ColumnDef, Sparkline } from '../../processes/index.js';
import { VirtualList } from '../../../app/VirtualList.js';
import { DEFAULT_SORT, nextSort, SNAPSHOT_COLUMNS, seriesPoints, snapshotRows } from './process-view.js';

const ROW_HEIGHT = 26;
const TABLE_HEIGHT = 520;
const REASONS = { cpu: 'among the busiest', memory: 'among the largest', pinned: 'pinned in the memory view' } as const;

function TopSeries({ part }: { part: ProcessesPartData }) {
  const palette = chartPalette(useResolvedTheme());
  const series = part.topSeries ?? [];
  if (series.length === 0) return null;
  return (
    <section className="card" data-testid="snapshot-top-series">
      <h2>Top and pinned processes over the window</h2>
      <ul className="snapshot-series-list">
        {series.map((s) => {
          const points = seriesPoints(s);
          const hasCpu = s.points.some((p) => p.cpu !== null);
          const peakCpu = Math.max(0, ...s.points.map((p) => p.cpu ?? 0));
          const peakRss = Math.max(0, ...s.points.map((p) => p.rss ?? 0));
          return (
            <li key={`${s.pid}-${s.reason}`} className="snapshot-series" data-testid="snapshot-series">
              <div>
                <strong>{s.name}</strong> <span className="muted">pid {s.pid} · {REASONS[s.reason]}</span>
              </div>
              <div className="sparklines">
                {hasCpu ? <Sparkline label="CPU (peak)" points={points} value={(p) => p.cpu} latest={formatPercent(peakCpu)} color={palette.user} testId="snapshot-series-cpu" /> : null}
                <Sparkline label="Memory (peak)" points={points} value={(p) => p.rss} latest={formatBytes(peakRss)} color={palette.used} testId="snapshot-series-rss" />
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The process table at capture time: read-only, sortable, filterable, only the visible rows in the DOM. */
export function ProcessesPart({ part }: { part: ProcessesPartData }) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState(DEFAULT_SORT);
  const ctx: ColumnContext = useMemo(() => ({ cpuMode: 'core', ncpu: part.ncpu ?? 1, now: part.capturedAt }), [part]);
  const rows = useMemo(() => snapshotRows(part.rows, filter, sort, ctx), [part, filter, sort, ctx]);
  const columns = SNAPSHOT_COLUMNS.map((id) => COLUMN_BY_ID.get(id)).filter((c): c is ColumnDef => c !== undefined);
  const style = (c: ColumnDef) => (c.id === 'cmdline' ? { minWidth: 200, flex: '1 1 0' } : { width: c.width, flex: 'none' });

  const header = (
    <div className="snapshot-proc-header" role="row">
      {columns.map((c) => (
        <button
          key={c.id}
          type="button"
          role="columnheader"
          className={c.numeric ? 'snapshot-proc-cell num' : 'snapshot-proc-cell'}
          style={style(c)}
          title={c.description}
          aria-sort={sort.column === c.id ? (sort.desc ? 'descending' : 'ascending') : 'none'}
          onClick={() => setSort((s) => nextSort(s, c.id))}
          data-testid={`snapshot-proc-sort-${c.id}`}
        >
          {c.label}
          {sort.column === c.id ? (sort.desc ? ' ▾' : ' ▴') : ''}
        </button>
      ))}
    </div>
  );

  return (
    <div className="snapshot-part-stack">
      <section className="card" data-testid="snapshot-processes">
        <header className="chart-head">
          <h2>Processes at capture time</h2>
          <span className="muted small" data-testid="snapshot-processes-count">
            {rows.length === part.rows.length ? plural(part.rows.length, 'process', 'processes') : `${formatCount(rows.length)} of ${plural(part.rows.length, 'process', 'processes')}`}
            {part.totalMemoryBytes ? ` · machine memory ${formatBytes(part.totalMemoryBytes)}` : ''} · CPU % of one core
          </span>
        </header>
        <div className="controls">
          <input
            className="snapshot-filter"
            type="search"
            placeholder="Filter by name, command line, user or pid"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-label="Filter processes"
            data-testid="snapshot-proc-filter"
          />
        </div>
        <div className="snapshot-proc-table" role="grid" aria-rowcount={rows.length}>
          <VirtualList
            items={rows}
            rowHeight={ROW_HEIGHT}
            height={TABLE_HEIGHT}
            keyOf={(r) => `${r.pid}:${r.startTime}`}
            header={header}
            testId="snapshot-proc-list"
            renderRow={(r) => (
              <div className="snapshot-proc-row" role="row" data-testid="snapshot-proc-row" data-pid={r.pid}>
                {columns.map((c) => {
                  const text = c.format(r, ctx);
                  return (
                    <span key={c.id} role="gridcell" className={c.numeric ? 'snapshot-proc-cell num' : 'snapshot-proc-cell'} style={style(c)} title={text}>
                      {text}
                    </span>
                  );
                })}
              </div>
            )}
          />
        </div>
      </section>
      <TopSeries part={part} />
    </div>
  );
}
