import { COLUMNS, type ColumnId, type CpuMode } from '../columns.js';
import type { RowKey } from '../keys.js';
import type { SortState, ViewRow } from '../view.js';
import { clampDetailWidth, DEFAULT_VIEW, readViewPreferences, writeViewPreferences } from '../view-preferences.js';
import type { ProcessesSlice } from '../store.js';

/** The table-view slice: how the rows are filtered, sorted, shown and laid out; the choices are saved as preferences. */
export interface TableViewState {
  filter: string;
  sort: SortState;
  cpuMode: CpuMode;
  columns: readonly ColumnId[];
  tree: boolean;
  /** Width of the detail panel when it sits beside the table (px). */
  detailWidth: number;
  collapsed: ReadonlySet<RowKey>;
  /** What the table draws, recomputed whenever rows or any of the settings above change. */
  view: readonly ViewRow[];

  /** Applies the saved columns, sort, CPU % mode and tree toggle (once; start() does it too). */
  restoreView(): void;
  setFilter(text: string): void;
  /** Sorts by the column; the same column again flips the direction. */
  sortBy(column: ColumnId): void;
  /** Sorts by a column named in a link, largest first; a name that is no column is ignored (false). */
  sortDescBy(column: string): boolean;
  setCpuMode(mode: CpuMode): void;
  toggleColumn(column: ColumnId): void;
  setTree(tree: boolean): void;
  /** Sets (clamped) and saves the detail panel's width beside the table. */
  setDetailWidth(px: number): void;
  setCollapsed(key: RowKey, collapsed: boolean): void;
}

const DEFAULT_ORDER: readonly ColumnId[] = COLUMNS.map((c) => c.id);

/** Shows a column where the default order puts it among the visible ones, keeping their (saved) order. */
export function withColumn(columns: readonly ColumnId[], column: ColumnId): ColumnId[] {
  const rank = DEFAULT_ORDER.indexOf(column);
  let at = 0;
  columns.forEach((c, i) => {
    if (DEFAULT_ORDER.indexOf(c) < rank) at = i + 1;
  });
  return [...columns.slice(0, at), column, ...columns.slice(at)];
}

export const tableViewSlice: ProcessesSlice<TableViewState> = (set, get, deps) => {
  let restored = false;

  function restore(): void {
    if (restored) return;
    restored = true;
    const saved = readViewPreferences(deps.storageOf());
    set({ columns: saved.columns, detailWidth: saved.detailWidth, ...deps.viewPatch({ sort: saved.sort, cpuMode: saved.cpuMode, tree: saved.tree }) });
  }

  /** Sets a view choice and saves all of them; restoring first so an early change cannot wipe the saved ones. */
  function choose(patch: Partial<Pick<TableViewState, 'columns' | 'sort' | 'cpuMode' | 'tree' | 'detailWidth'>>): void {
    restore();
    const { columns, detailWidth, ...viewInputs } = patch;
    // Only the view's inputs recompute the table; the panel's width alone does not.
    const rest = Object.keys(viewInputs).length > 0 ? deps.viewPatch(viewInputs) : {};
    set({ ...(columns ? { columns } : {}), ...(detailWidth !== undefined ? { detailWidth } : {}), ...rest });
    // The state holds every saved choice (ViewPreferences); the writer keeps only those fields.
    writeViewPreferences(deps.storageOf(), get());
  }

  return {
    filter: '',
    sort: DEFAULT_VIEW.sort,
    cpuMode: DEFAULT_VIEW.cpuMode,
    columns: DEFAULT_VIEW.columns,
    tree: DEFAULT_VIEW.tree,
    detailWidth: DEFAULT_VIEW.detailWidth,
    collapsed: new Set(),
    view: [],

    restoreView: restore,

    setFilter(filter) {
      if (filter !== get().filter) set(deps.viewPatch({ filter }));
    },

    sortBy(column) {
      restore();
      const { sort } = get();
      const def = COLUMNS.find((c) => c.id === column);
      const next = sort.column === column ? { column, desc: !sort.desc } : { column, desc: def?.descFirst ?? false };
      choose({ sort: next });
    },

    sortDescBy(column) {
      const def = COLUMNS.find((c) => c.id === column);
      if (!def) return false;
      const { sort, columns } = get();
      // The column the link names must be on screen, or the order would look arbitrary.
      if (!columns.includes(def.id)) choose({ columns: withColumn(columns, def.id) });
      if (sort.column !== def.id || !sort.desc) choose({ sort: { column: def.id, desc: true } });
      return true;
    },

    setCpuMode(cpuMode) {
      choose({ cpuMode });
    },

    toggleColumn(column) {
      restore();
      const { columns } = get();
      const next = columns.includes(column) ? columns.filter((c) => c !== column) : withColumn(columns, column);
      // The table needs at least one column to click on.
      if (next.length > 0) choose({ columns: next });
    },

    setTree(tree) {
      choose({ tree });
    },

    setDetailWidth(px) {
      const detailWidth = clampDetailWidth(px);
      if (detailWidth !== get().detailWidth) choose({ detailWidth });
    },

    setCollapsed(key, collapsed) {
      const current = get().collapsed;
      if (current.has(key) === collapsed) return;
      const next = new Set(current);
      if (collapsed) next.add(key);
      else next.delete(key);
      set(deps.viewPatch({ collapsed: next }));
    },
  };
};
