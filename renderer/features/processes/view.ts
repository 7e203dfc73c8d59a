import type { ProcessRow } from '../../../native-bridge/contract/index.js';
import { matchesFilter } from '../../../native-bridge/common/processes-filter.js';
import { COLUMN_BY_ID, type ColumnContext, type ColumnId } from './columns.js';
import { keyOf, type RowKey } from './keys.js';

// Re-exported for the snapshot viewer, which filters saved rows the same way.
export { matchesFilter };

export interface SortState {
  column: ColumnId;
  desc: boolean;
}

export interface ViewOptions extends ColumnContext {
  filter: string;
  sort: SortState;
  tree: boolean;
  /** Tree nodes whose children are hidden. */
  collapsed: ReadonlySet<RowKey>;
}

export interface ViewRow {
  key: RowKey;
  row: ProcessRow;
  /** Indentation level in the tree view; 0 in the flat view. */
  depth: number;
  /** Children shown under this row in the tree view (before collapsing). */
  childCount: number;
  collapsed: boolean;
  /** Shown only because a descendant matches the filter (tree view). */
  context: boolean;
}

/** A comparator for one column: nulls last whatever the direction, ties broken by pid so rows never jitter. */
export function comparatorFor(sort: SortState, ctx: ColumnContext): (a: ProcessRow, b: ProcessRow) => number {
  const column = COLUMN_BY_ID.get(sort.column) ?? COLUMN_BY_ID.get('pid')!;
  const dir = sort.desc ? -1 : 1;
  return (a, b) => {
    const va = column.value(a, ctx);
    const vb = column.value(b, ctx);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      if (order !== 0) return order * dir;
    }
    return a.pid - b.pid;
  };
}

const flat = (row: ProcessRow, context = false): ViewRow => ({ key: keyOf(row), row, depth: 0, childCount: 0, collapsed: false, context });

/**
 * What the table shows, in order. Flat: the matching rows sorted. Tree: parents before their children,
 * siblings sorted; a process whose parent is not in the table (kernel threads' kthreadd aside, usually
 * an orphan whose parent exited) sits at the top level; with a filter, the ancestors of each match stay
 * visible as context so the match keeps its place in the tree.
 */
export function computeView(rows: readonly ProcessRow[], options: ViewOptions): ViewRow[] {
  const compare = comparatorFor(options.sort, options);
  const filtering = options.filter.trim() !== '';
  if (!options.tree) {
    const shown = filtering ? rows.filter((r) => matchesFilter(r, options.filter)) : [...rows];
    shown.sort(compare);
    return shown.map((r) => flat(r));
  }

  const byPid = new Map<number, ProcessRow>();
  for (const row of rows) byPid.set(row.pid, row);
  const parentOf = (row: ProcessRow): ProcessRow | undefined =>
    row.ppid !== row.pid ? byPid.get(row.ppid) : undefined;

  // Which rows to show: every row, or the matches plus their ancestors.
  let included: Set<number> | null = null;
  let matched: Set<number> | null = null;
  if (filtering) {
    included = new Set();
    matched = new Set();
    for (const row of rows) {
      if (!matchesFilter(row, options.filter)) continue;
      matched.add(row.pid);
      let current: ProcessRow | undefined = row;
      while (current && !included.has(current.pid)) {
        included.add(current.pid);
        current = parentOf(current);
      }
    }
  }

  const children = new Map<number, ProcessRow[]>();
  const roots: ProcessRow[] = [];
  for (const row of rows) {
    if (included && !included.has(row.pid)) continue;
    const parent = parentOf(row);
    if (!parent) {
      roots.push(row);
      continue;
    }
    const list = children.get(parent.pid);
    if (list) list.push(row);
    else children.set(parent.pid, [row]);
  }

  const out: ViewRow[] = [];
  const visited = new Set<number>();
  /** Collapsed subtrees: placed (not shown), so they do not count as unreachable below. */
  const hide = (list: readonly ProcessRow[]): void => {
    for (const row of list) {
      if (visited.has(row.pid)) continue;
      visited.add(row.pid);
      hide(children.get(row.pid) ?? []);
    }
  };
  const walk = (row: ProcessRow, depth: number): void => {
    // A parent chain cannot loop in the kernel, but a torn read could make one: never recurse forever.
    if (visited.has(row.pid)) return;
    visited.add(row.pid);
    const kids = children.get(row.pid) ?? [];
    const key = keyOf(row);
    const collapsed = kids.length > 0 && options.collapsed.has(key);
    out.push({ key, row, depth, childCount: kids.length, collapsed, context: matched !== null && !matched.has(row.pid) });
    if (collapsed) {
      hide(kids);
      return;
    }
    kids.sort(compare);
    for (const kid of kids) walk(kid, depth + 1);
  };
  roots.sort(compare);
  for (const root of roots) walk(root, 0);
  // Rows in a parent loop have no root to hang from: show them at the top level rather than drop them.
  if (visited.size < (included?.size ?? rows.length)) {
    const left = rows.filter((r) => !visited.has(r.pid) && (!included || included.has(r.pid))).sort(compare);
    for (const row of left) walk(row, 0);
  }
  return out;
}
