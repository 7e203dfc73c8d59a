import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectCanAct, useConnection } from '../../client/index.js';
import { formatTimestamp } from '../../app/format.js';
import { SIGNAL_ACTIONS } from './actions.js';
import { COLUMN_BY_ID, type ColumnContext, type ColumnDef, type ColumnId } from './columns.js';
import type { RowKey } from './keys.js';
import { useProcesses } from './store.js';
import type { SortState, ViewRow } from './view.js';

export const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 30;
const INDENT = 12;

const rowDomId = (key: RowKey): string => `proc-row-${key.replace(':', '-')}`;

interface RowProps {
  item: ViewRow;
  columns: readonly ColumnDef[];
  ctx: ColumnContext;
  selected: boolean;
  focused: boolean;
  tree: boolean;
  top: number;
  onRowClick(key: RowKey, event: MouseEvent): void;
  onToggle(key: RowKey, collapsed: boolean): void;
}

/** Text only: process names and arguments are chosen by whoever started them and are never parsed as markup. */
const ProcessRowView = memo(function ProcessRowView({ item, columns, ctx, selected, focused, tree, top, onRowClick, onToggle }: RowProps) {
  const { row } = item;
  const className = ['proc-row', selected ? 'selected' : '', focused ? 'focused' : '', item.context ? 'context' : ''].filter(Boolean).join(' ');
  return (
    <div
      id={rowDomId(item.key)}
      role="row"
      aria-selected={selected}
      className={className}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-testid={`process-row-${row.pid}`}
      data-key={item.key}
      data-state={row.state}
      onMouseDown={(event) => {
        // Shift-click must not select text; the click still selects the row.
        if (event.shiftKey) event.preventDefault();
      }}
      onClick={(event) => onRowClick(item.key, event)}
    >
      {columns.map((column) => {
        const text = column.format(row, ctx);
        const style = column.id === 'cmdline' ? { minWidth: column.width, flex: '1 0 auto' } : { width: column.width };
        if (column.id === 'name' && tree) {
          return (
            <div key={column.id} role="gridcell" className="proc-cell name" style={{ ...style, paddingLeft: 6 + item.depth * INDENT }} title={row.name}>
              {item.childCount > 0 ? (
                <button
                  type="button"
                  className="tree-toggle"
                  tabIndex={-1}
                  aria-label={item.collapsed ? `Expand ${row.name}` : `Collapse ${row.name}`}
                  aria-expanded={!item.collapsed}
                  onClick={(event) => {
                    event.stopPropagation();
                    onToggle(item.key, !item.collapsed);
                  }}
                >
                  {item.collapsed ? '▸' : '▾'}
                </button>
              ) : (
                <span className="tree-spacer" />
              )}
              {text}
            </div>
          );
        }
        return (
          <div
            key={column.id}
            role="gridcell"
            className={`proc-cell ${column.id}${column.numeric ? ' num' : ''}`}
            style={style}
            title={column.id === 'start' ? `Started ${formatTimestamp(row.startedAt)}` : column.id === 'cmdline' || column.id === 'name' ? text : undefined}
            data-testid={column.id === 'state' ? 'process-state' : undefined}
          >
            {column.id === 'state' ? <span className={`state-dot state-${row.state === 'T' || row.state === 't' ? 'stopped' : row.state}`} aria-hidden="true" /> : null}
            {text}
          </div>
        );
      })}
    </div>
  );
});

/** The chosen columns; in the tree the name column widens by the deepest indentation shown (capped). */
function useShownColumns(columnIds: readonly ColumnId[], tree: boolean, view: readonly ViewRow[]) {
  const maxDepth = useMemo(() => (tree ? Math.min(12, view.reduce((m, v) => Math.max(m, v.depth), 0)) : 0), [tree, view]);
  const columns = useMemo(
    () =>
      columnIds.flatMap((id) => {
        const def = COLUMN_BY_ID.get(id);
        if (!def) return [];
        return def.id === 'name' && maxDepth > 0 ? [{ ...def, width: def.width + 16 + maxDepth * INDENT }] : [def];
      }),
    [columnIds, maxDepth],
  );
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  return { columns, totalWidth };
}

interface HeaderProps {
  columns: readonly ColumnDef[];
  sort: SortState;
  cpuMode: ColumnContext['cpuMode'];
  totalWidth: number;
}

/** The column titles; each sorts by its column. */
const TableHeader = memo(function TableHeader({ columns, sort, cpuMode, totalWidth }: HeaderProps) {
  return (
  <div className="proc-header" role="row" style={{ minWidth: totalWidth, height: HEADER_HEIGHT }}>
    {columns.map((column) => {
      const active = sort.column === column.id;
      return (
        <div
          key={column.id}
          role="columnheader"
          aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
          className={`proc-cell head ${column.id}${column.numeric ? ' num' : ''}`}
          style={column.id === 'cmdline' ? { minWidth: column.width, flex: '1 0 auto' } : { width: column.width }}
        >
          <button
            type="button"
            tabIndex={-1}
            title={`${column.id === 'cpu' ? (cpuMode === 'core' ? 'CPU use, percent of one core' : 'CPU use, percent of the whole machine') : column.description}. Click to sort.`}
            data-testid={`sort-${column.id}`}
            onClick={() => useProcesses.getState().sortBy(column.id as ColumnId)}
          >
            {column.label}
            <span className="sort-mark" aria-hidden="true">
              {active ? (sort.desc ? ' ▼' : ' ▲') : ''}
            </span>
          </button>
        </div>
      );
    })}
  </div>
  );
});

/**
 * The grid's keys: arrows, pages, Home/End move the focus (Shift extends), Ctrl+A selects all shown,
 * Left/Right fold the tree, signal letters ask to send that signal, N asks to renice.
 */
function handleTableKey(event: KeyboardEvent<HTMLDivElement>, page: number, revealFocus: () => void, onRenice: () => void): void {
  const store = useProcesses.getState();
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
  const delta = moves[event.key];
  if (delta !== undefined && plain) {
    event.preventDefault();
    store.move(Number.isFinite(delta) ? delta : delta > 0 ? store.view.length : -store.view.length, event.shiftKey);
    revealFocus();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
    event.preventDefault();
    store.selectAllShown();
    return;
  }
  if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && plain && store.tree && store.selection.focus) {
    event.preventDefault();
    store.setCollapsed(store.selection.focus, event.key === 'ArrowLeft');
    return;
  }
  if (!plain) return;
  const action = SIGNAL_ACTIONS.find((a) => a.key.toLowerCase() === event.key.toLowerCase() && (a.shift ?? false) === event.shiftKey);
  if (action) {
    event.preventDefault();
    // The same flag that disables the action buttons: no dialog for an action that cannot be sent.
    if (!selectCanAct(useConnection.getState())) return;
    store.requestAction({ kind: 'signal', signal: action.signal });
    return;
  }
  if (event.key.toLowerCase() === 'n' && !event.shiftKey) {
    event.preventDefault();
    onRenice();
  }
}

/** onRenice is called for N (renice) so the page can move focus to the slider. */
export function ProcessTable({ onRenice }: { onRenice(): void }) {
  const { view, columnIds, sort, cpuMode, ncpu, time, tree, selection } = useProcesses(
    useShallow((s) => ({
      view: s.view,
      columnIds: s.columns,
      sort: s.sort,
      cpuMode: s.cpuMode,
      ncpu: s.ncpu,
      time: s.time,
      tree: s.tree,
      selection: s.selection,
    })),
  );
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => view[index]?.key ?? index,
  });
  const { columns, totalWidth } = useShownColumns(columnIds, tree, view);
  const ctx = useMemo((): ColumnContext => ({ cpuMode, ncpu, now: time }), [cpuMode, ncpu, time]);

  const onRowClick = useCallback((key: RowKey, event: MouseEvent) => {
    useProcesses.getState().click(key, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
    scrollRef.current?.focus({ preventScroll: true });
  }, []);
  const onToggle = useCallback((key: RowKey, collapsed: boolean) => useProcesses.getState().setCollapsed(key, collapsed), []);

  function revealFocus(): void {
    const state = useProcesses.getState();
    const index = state.view.findIndex((v) => v.key === state.selection.focus);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    handleTableKey(event, page, revealFocus, onRenice);
  };

  const focusIndex = selection.focus === null ? -1 : view.findIndex((v) => v.key === selection.focus);
  return (
    <div
      ref={scrollRef}
      className="proc-table"
      role="grid"
      aria-label="Processes"
      aria-multiselectable="true"
      aria-rowcount={view.length + 1}
      aria-activedescendant={focusIndex >= 0 ? rowDomId(selection.focus!) : undefined}
      tabIndex={0}
      data-testid="process-table"
      onKeyDown={onKeyDown}
    >
      <TableHeader columns={columns} sort={sort} cpuMode={cpuMode} totalWidth={totalWidth} />
      <div className="proc-body" style={{ height: virtualizer.getTotalSize(), minWidth: totalWidth }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = view[virtual.index];
          if (!item) return null;
          return (
            <ProcessRowView
              key={item.key}
              item={item}
              columns={columns}
              ctx={ctx}
              selected={selection.selected.has(item.key)}
              focused={selection.focus === item.key}
              tree={tree}
              top={virtual.start - HEADER_HEIGHT}
              onRowClick={onRowClick}
              onToggle={onToggle}
            />
          );
        })}
      </div>
      {view.length === 0 ? <p className="proc-empty muted">No process matches.</p> : null}
    </div>
  );
}
