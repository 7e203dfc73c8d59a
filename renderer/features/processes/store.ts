import { create } from 'zustand';
import type {
  ActionResult,
  ActionTarget,
  AuditEntry,
  ProcessAction,
  ProcessDetail,
  ProcessRow,
  ProcessTableMessage,
  TriageErrorShape,
} from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import { preferenceStorage, type StorageLike } from '../../app/preference-storage.js';
import { applyTableMessage } from '../../../native-bridge/common/processes-delta.js';
import { COLUMNS, type ColumnId, type CpuMode } from './columns.js';
import { keyOf, type RowKey } from './keys.js';
import {
  clickSelection,
  EMPTY_SELECTION,
  moveSelection,
  pruneSelection,
  selectAll,
  type ClickModifiers,
  type Selection,
} from './selection.js';
import { computeView, type SortState, type ViewRow } from './view.js';
import { clampDetailWidth, DEFAULT_VIEW, readViewPreferences, writeViewPreferences, type ViewPreferences } from './view-preferences.js';

export type ProcessesStatus = 'idle' | 'waiting' | 'live' | 'error';

/** A process as the user saw it when asking for an action: what the dialog names and the backend re-checks. */
export type { ActionTarget };

/** How many audit lines the log view keeps (newest last). */
const AUDIT_SHOWN = 200;

export interface PendingAction {
  request: ProcessAction;
  targets: readonly ActionTarget[];
  /** Act on init or Triage's own processes anyway (offered only after the backend refused). */
  force: boolean;
  running: boolean;
}

export interface ActionBatch {
  request: ProcessAction;
  force: boolean;
  /** One per target, in the dialog's order. */
  items: ReadonlyArray<{ target: ActionTarget; result: ActionResult }>;
}

export interface HistoryPoint {
  time: number;
  /** Percent of one core. */
  cpu: number;
  rss: number;
}

/** Samples kept for the detail sparklines: 10 minutes at 1 Hz. */
export const HISTORY_CAPACITY = 600;

export interface ProcessesState {
  status: ProcessesStatus;
  error: string | null;
  rows: readonly ProcessRow[];
  ncpu: number;
  totalMemoryBytes: number;
  /** Time of the newest sample. */
  time: number;
  source: ProcessTableMessage['source'] | null;

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
  selection: Selection;

  /** CPU and RES of the focused process since it was focused. */
  history: { key: RowKey | null; points: readonly HistoryPoint[] };
  detail: { key: RowKey; data: ProcessDetail | null; error: string | null } | null;

  dialog: PendingAction | null;
  lastBatch: ActionBatch | null;
  audit: readonly AuditEntry[];
  auditError: string | null;

  /** Applies the saved columns, sort, CPU % mode and tree toggle (once; start() does it too). */
  restoreView(): void;
  start(): void;
  stop(): void;
  ingest(message: ProcessTableMessage): void;
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
  click(key: RowKey, mods?: ClickModifiers): void;
  move(delta: number, extend?: boolean): void;
  selectAllShown(): void;
  /** Opens the confirmation for the selected processes (or the given targets); false when there is none. */
  requestAction(request: ProcessAction, options?: { force?: boolean; targets?: readonly ActionTarget[] }): boolean;
  cancelAction(): void;
  confirmAction(): Promise<void>;
  dismissResults(): void;
  /** Runs the last batch's action on one of its targets again through pkexec (offered after EPERM); its result replaces the old one. */
  retryPrivileged(target: ActionTarget): Promise<void>;
  loadAudit(): Promise<void>;
  loadDetail(): Promise<void>;
}


export function targetOf(row: ProcessRow): ActionTarget {
  return { pid: row.pid, startTime: row.startTime, name: row.name, user: row.user, cmdline: row.cmdline };
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

/** The detail panel re-reads the focused process at most this often while the table refreshes. */
const DETAIL_REFRESH_MS = 3000;

/**
 * storageOf is asked only when the view is first restored or changed, not at creation: the app's store
 * is created when its module loads, before the backend's preferences have been fetched.
 */
export function createProcessesStore(clientOf: () => TriageClient = getClient, storageOf: () => StorageLike | null = preferenceStorage) {
  let unsubscribe: (() => void) | null = null;
  let restored = false;
  let detailInFlight: RowKey | null = null;
  let detailLoadedAt = 0;

  return create<ProcessesState>()((set, get) => {
    type ViewInputs = Pick<ProcessesState, 'rows' | 'filter' | 'sort' | 'cpuMode' | 'tree' | 'collapsed' | 'ncpu' | 'time'>;

    /** The view and the selection pruned to it, for a state with `patch` applied. */
    function viewPatch(patch: Partial<ViewInputs>): Pick<ProcessesState, 'view' | 'selection'> & Partial<ProcessesState> {
      const s = { ...get(), ...patch };
      const view = computeView(s.rows, {
        filter: s.filter,
        sort: s.sort,
        cpuMode: s.cpuMode,
        ncpu: s.ncpu,
        now: s.time,
        tree: s.tree,
        collapsed: s.collapsed,
      });
      return { ...patch, view, ...selectionPatch(pruneSelection(s.selection, view)) };
    }

    /** A new selection, resetting the sparkline history when the focused process changes. */
    function selectionPatch(selection: Selection): Pick<ProcessesState, 'selection'> & Partial<ProcessesState> {
      const state = get();
      if (selection === state.selection) return { selection };
      if (selection.focus === state.history.key) return { selection };
      detailLoadedAt = 0;
      const row = selection.focus === null ? undefined : state.rows.find((r) => keyOf(r) === selection.focus);
      return {
        selection,
        history: { key: selection.focus, points: row ? [{ time: state.time, cpu: row.cpu, rss: row.rss }] : [] },
        detail: selection.focus === null ? null : state.detail?.key === selection.focus ? state.detail : { key: selection.focus, data: null, error: null },
      };
    }

    function appendHistory(rows: readonly ProcessRow[], time: number): Partial<ProcessesState> {
      const { history } = get();
      if (history.key === null) return {};
      const row = rows.find((r) => keyOf(r) === history.key);
      if (!row) return {};
      const points = [...history.points, { time, cpu: row.cpu, rss: row.rss }];
      if (points.length > HISTORY_CAPACITY) points.splice(0, points.length - HISTORY_CAPACITY);
      return { history: { key: history.key, points } };
    }

    const choices = (s: ProcessesState): ViewPreferences => ({
      columns: s.columns,
      sort: s.sort,
      cpuMode: s.cpuMode,
      tree: s.tree,
      detailWidth: s.detailWidth,
    });

    function restore(): void {
      if (restored) return;
      restored = true;
      const saved = readViewPreferences(storageOf());
      set({ columns: saved.columns, detailWidth: saved.detailWidth, ...viewPatch({ sort: saved.sort, cpuMode: saved.cpuMode, tree: saved.tree }) });
    }

    /** Sets a view choice and saves all of them; restoring first so an early change cannot wipe the saved ones. */
    function choose(patch: Partial<Pick<ProcessesState, 'columns' | 'sort' | 'cpuMode' | 'tree' | 'detailWidth'>>): void {
      restore();
      const { columns, detailWidth, ...viewInputs } = patch;
      // Only the view's inputs recompute the table; the panel's width alone does not.
      const rest = Object.keys(viewInputs).length > 0 ? viewPatch(viewInputs) : {};
      set({ ...(columns ? { columns } : {}), ...(detailWidth !== undefined ? { detailWidth } : {}), ...rest });
      writeViewPreferences(storageOf(), choices(get()));
    }

    /**
     * Each action result carries the audit line it wrote, so the log view grows without reading the log back
     * (it can be megabytes). A result without one (the log could not be written) says so in its own message.
     */
    function appendAudit(results: readonly ActionResult[]): void {
      const added = results.flatMap((r) => (r.audit ? [r.audit] : []));
      if (added.length > 0) set({ audit: [...get().audit, ...added].slice(-AUDIT_SHOWN) });
    }

    async function run(request: ProcessAction, target: ActionTarget, force: boolean): Promise<ActionResult> {
      const client = clientOf();
      const key = { pid: target.pid, startTime: target.startTime, ...(force ? { force: true } : {}) };
      try {
        return await client.call('processes.act', { ...key, action: request });
      } catch (error) {
        return { ok: false, code: 'IO_ERROR', message: `The request did not reach the Triage backend: ${describeError(error)}`, target: null };
      }
    }

    return {
      status: 'idle',
      error: null,
      rows: [],
      ncpu: 1,
      totalMemoryBytes: 0,
      time: 0,
      source: null,
      filter: '',
      sort: DEFAULT_VIEW.sort,
      cpuMode: DEFAULT_VIEW.cpuMode,
      columns: DEFAULT_VIEW.columns,
      tree: DEFAULT_VIEW.tree,
      detailWidth: DEFAULT_VIEW.detailWidth,
      collapsed: new Set(),
      view: [],
      selection: EMPTY_SELECTION,
      history: { key: null, points: [] },
      detail: null,
      dialog: null,
      lastBatch: null,
      audit: [],
      auditError: null,

      restoreView: restore,

      start() {
        restore();
        if (unsubscribe) return;
        set({ status: 'waiting', error: null });
        unsubscribe = clientOf().subscribe(
          'processes.table',
          {},
          {
            next: (message) => get().ingest(message),
            error: (error: TriageErrorShape) => {
              unsubscribe = null;
              set({ status: 'error', error: `The process table stopped updating: ${error.message}` });
            },
          },
        );
      },

      stop() {
        unsubscribe?.();
        unsubscribe = null;
        set({ status: 'idle' });
      },

      ingest(message) {
        const rows = applyTableMessage(get().rows, message);
        set({
          status: 'live',
          error: null,
          ncpu: message.ncpu,
          totalMemoryBytes: message.totalMemoryBytes,
          source: message.source,
          ...appendHistory(rows, message.time),
          ...viewPatch({ rows, time: message.time, ncpu: message.ncpu }),
        });
        const { detail } = get();
        if (detail && Date.now() - detailLoadedAt > DETAIL_REFRESH_MS) void get().loadDetail();
      },

      setFilter(filter) {
        if (filter !== get().filter) set(viewPatch({ filter }));
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
        set(viewPatch({ collapsed: next }));
      },

      click(key, mods) {
        const { selection, view } = get();
        set(selectionPatch(clickSelection(selection, view, key, mods)));
      },

      move(delta, extend = false) {
        const { selection, view } = get();
        set(selectionPatch(moveSelection(selection, view, delta, extend)));
      },

      selectAllShown() {
        const { selection, view } = get();
        set(selectionPatch(selectAll(view, selection.focus)));
      },

      requestAction(request, options = {}) {
        const { view, selection } = get();
        const targets = options.targets ?? view.filter((v) => selection.selected.has(v.key)).map((v) => targetOf(v.row));
        if (targets.length === 0) return false;
        set({ dialog: { request, targets, force: options.force ?? false, running: false } });
        return true;
      },

      cancelAction() {
        if (!get().dialog?.running) set({ dialog: null });
      },

      async confirmAction() {
        const dialog = get().dialog;
        if (!dialog || dialog.running) return;
        set({ dialog: { ...dialog, running: true } });
        const items: Array<{ target: ActionTarget; result: ActionResult }> = [];
        // One at a time: each gets its own guard check and audit line, in the order the dialog listed them.
        for (const target of dialog.targets) items.push({ target, result: await run(dialog.request, target, dialog.force) });
        set({ dialog: null, lastBatch: { request: dialog.request, force: dialog.force, items } });
        appendAudit(items.map((item) => item.result));
      },

      dismissResults() {
        set({ lastBatch: null });
      },

      async retryPrivileged(target) {
        const batch = get().lastBatch;
        if (!batch) return;
        let result: ActionResult;
        try {
          result = await clientOf().call('processes.retryPrivileged', { pid: target.pid, startTime: target.startTime, action: batch.request });
        } catch (error) {
          result = { ok: false, code: 'IO_ERROR', message: `The request did not reach the Triage backend: ${describeError(error)}`, target: null };
        }
        const current = get().lastBatch;
        // The user may have dismissed this batch or started another while the password prompt was open.
        if (current !== batch) return;
        const items = batch.items.map((item) => (item.target === target ? { target, result } : item));
        set({ lastBatch: { ...batch, items } });
        appendAudit([result]);
      },

      async loadAudit() {
        try {
          const { entries } = await clientOf().call('processes.audit', { limit: AUDIT_SHOWN });
          set({ audit: entries, auditError: null });
        } catch (error) {
          set({ auditError: describeError(error) });
        }
      },

      async loadDetail() {
        const focus = get().selection.focus;
        if (focus === null || detailInFlight === focus) return;
        const row = get().rows.find((r) => keyOf(r) === focus);
        if (!row) return;
        detailInFlight = focus;
        detailLoadedAt = Date.now();
        try {
          const data = await clientOf().call('processes.detail', { pid: row.pid, startTime: row.startTime });
          if (get().selection.focus === focus) set({ detail: { key: focus, data, error: null } });
        } catch (error) {
          if (get().selection.focus === focus) set({ detail: { key: focus, data: get().detail?.data ?? null, error: describeError(error) } });
        } finally {
          detailInFlight = null;
        }
      },
    };
  });
}

export type ProcessesStore = ReturnType<typeof createProcessesStore>;

/** The app's process store: one table subscription however many components read it. */
export const useProcesses: ProcessesStore = createProcessesStore();
