import type { StorageLike } from '../../app/preference-storage.js';
import { COLUMNS, DEFAULT_COLUMNS, type ColumnId, type CpuMode } from './columns.js';
import type { SortState } from './view.js';

/** The key the backend's preferences file reserves for the process view (value: at most 16 KiB). */
export const VIEW_PREFERENCE_KEY = 'triage.processes.view';
const VERSION = 1;

/** The process view's choices that outlive a restart. */
export interface ViewPreferences {
  /** Visible columns, in the order shown. */
  columns: readonly ColumnId[];
  sort: SortState;
  cpuMode: CpuMode;
  tree: boolean;
  /** Width of the detail panel beside the table (px), set with the split's drag handle. */
  detailWidth: number;
}

/** The detail panel beside the table: narrower hides its facts, wider starves the table. */
export const DETAIL_WIDTH = { min: 300, max: 900, initial: 420 } as const;

export const clampDetailWidth = (px: number): number => Math.round(Math.min(DETAIL_WIDTH.max, Math.max(DETAIL_WIDTH.min, px)));

export const DEFAULT_VIEW: ViewPreferences = {
  columns: DEFAULT_COLUMNS,
  sort: { column: 'cpu', desc: true },
  cpuMode: 'core',
  tree: false,
  detailWidth: DETAIL_WIDTH.initial,
};

const KNOWN = new Set<string>(COLUMNS.map((c) => c.id));
const isColumnId = (value: unknown): value is ColumnId => typeof value === 'string' && KNOWN.has(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseColumns(value: unknown): readonly ColumnId[] {
  if (!Array.isArray(value)) return DEFAULT_VIEW.columns;
  // Columns a newer or older Triage knew and this one does not are dropped, as are repeats.
  const ids = [...new Set(value.filter(isColumnId))];
  return ids.length > 0 ? ids : DEFAULT_VIEW.columns;
}

function parseSort(value: unknown): SortState {
  if (!isRecord(value) || !isColumnId(value.column) || typeof value.desc !== 'boolean') return DEFAULT_VIEW.sort;
  return { column: value.column, desc: value.desc };
}

/**
 * The stored text back to choices. Anything unreadable (no value, bad JSON, another version, a field
 * of the wrong type, unknown column ids) falls back to the default for that field; never throws.
 */
export function parseViewPreferences(text: string | null): ViewPreferences {
  if (text === null) return DEFAULT_VIEW;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return DEFAULT_VIEW;
  }
  if (!isRecord(data) || data.v !== VERSION) return DEFAULT_VIEW;
  return {
    columns: parseColumns(data.columns),
    sort: parseSort(data.sort),
    cpuMode: data.cpuMode === 'machine' || data.cpuMode === 'core' ? data.cpuMode : DEFAULT_VIEW.cpuMode,
    tree: typeof data.tree === 'boolean' ? data.tree : DEFAULT_VIEW.tree,
    detailWidth: typeof data.detailWidth === 'number' && Number.isFinite(data.detailWidth) ? clampDetailWidth(data.detailWidth) : DEFAULT_VIEW.detailWidth,
  };
}

export function serializeViewPreferences(view: ViewPreferences): string {
  return JSON.stringify({ v: VERSION, columns: view.columns, sort: view.sort, cpuMode: view.cpuMode, tree: view.tree, detailWidth: view.detailWidth });
}

/** Storage can throw (quota, disabled by privacy settings): the view then simply starts from the defaults. */
export function readViewPreferences(storage: StorageLike | null): ViewPreferences {
  try {
    return parseViewPreferences(storage?.getItem(VIEW_PREFERENCE_KEY) ?? null);
  } catch {
    return DEFAULT_VIEW;
  }
}

export function writeViewPreferences(storage: StorageLike | null, view: ViewPreferences): void {
  try {
    storage?.setItem(VIEW_PREFERENCE_KEY, serializeViewPreferences(view));
  } catch {
    // Not saved: the choice still applies until Triage closes.
  }
}
