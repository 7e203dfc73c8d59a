import type { StoreApi } from 'zustand';
import type { ProcessesState } from '../store.js';
import { keyOf } from '../keys.js';
import { pruneSelection, type Selection } from '../selection.js';
import { computeView } from '../view.js';

/** What the table's view is computed from: a change to any of them recomputes it. */
export type ViewInputs = Pick<ProcessesState, 'rows' | 'filter' | 'sort' | 'cpuMode' | 'tree' | 'collapsed' | 'ncpu' | 'time'>;

/**
 * The state that follows from other state, shared by the feed, view and selection slices so that a new tick,
 * a new setting and a click all keep the drawn rows, the selection, the sparkline and the detail in step.
 */
export type Recompute = ReturnType<typeof createRecompute>;

export function createRecompute(get: StoreApi<ProcessesState>['getState'], detailClock: { loadedAt: number }) {
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

  /** A new selection, resetting the sparkline history (and the detail) when the focused process changes. */
  function selectionPatch(selection: Selection): Pick<ProcessesState, 'selection'> & Partial<ProcessesState> {
    const state = get();
    if (selection === state.selection) return { selection };
    if (selection.focus === state.history.key) return { selection };
    detailClock.loadedAt = 0;
    const row = selection.focus === null ? undefined : state.rows.find((r) => keyOf(r) === selection.focus);
    return {
      selection,
      history: { key: selection.focus, points: row ? [{ time: state.time, cpu: row.cpu, rss: row.rss }] : [] },
      detail: selection.focus === null ? null : state.detail?.key === selection.focus ? state.detail : { key: selection.focus, data: null, error: null },
    };
  }

  return { viewPatch, selectionPatch };
}
