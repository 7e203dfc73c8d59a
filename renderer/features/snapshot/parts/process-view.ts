import type { ProcessRow, ProcessSeries } from '../../../../native-bridge/contract/index.js';
import { COLUMN_BY_ID, type ColumnContext, type ColumnId, type HistoryPoint, comparatorFor, matchesFilter, type SortState } from '../../processes/index.js';

/** The columns of the read-only table: the live table's defaults (same formatting, same sort rules). */
export const SNAPSHOT_COLUMNS: readonly ColumnId[] = ['pid', 'user', 'name', 'state', 'cpu', 'rss', 'threads', 'nice', 'start', 'cmdline'];

export const DEFAULT_SORT: SortState = { column: 'cpu', desc: true };

/** Rows as shown: filtered like the live table, sorted by the chosen column. Pure. */
export function snapshotRows(rows: readonly ProcessRow[], filter: string, sort: SortState, ctx: ColumnContext): ProcessRow[] {
  return rows.filter((row) => matchesFilter(row, filter)).sort(comparatorFor(sort, ctx));
}

/** A click on a header: the same column flips, another starts in its natural direction. */
export function nextSort(current: SortState, column: ColumnId): SortState {
  if (current.column === column) return { column, desc: !current.desc };
  return { column, desc: COLUMN_BY_ID.get(column)?.descFirst ?? false };
}

/** A series of the file as the live detail panel's sparkline points; missing values read as gaps (0). */
export function seriesPoints(series: ProcessSeries): HistoryPoint[] {
  return series.points.map((p) => ({ time: p.time, cpu: p.cpu ?? 0, rss: p.rss ?? 0 }));
}
