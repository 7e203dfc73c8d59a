// What the snapshot viewer reuses: the table's columns, sort and filter, the sparkline and the audit rows.
export { AuditEntryRow, AuditTable } from './AuditEntryRow.js';
export { COLUMN_BY_ID, type ColumnContext, type ColumnDef, type ColumnId } from './columns.js';
export { Sparkline } from './Sparkline.js';
export type { HistoryPoint } from './store.js';
export { comparatorFor, matchesFilter, type SortState } from './view.js';
