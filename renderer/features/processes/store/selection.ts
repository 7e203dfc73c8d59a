import type { RowKey } from '../keys.js';
import { clickSelection, EMPTY_SELECTION, moveSelection, selectAll, type ClickModifiers, type Selection } from '../selection.js';
import type { ProcessesSlice } from '../store.js';

/** The selection slice: which rows are selected and focused, by mouse and keyboard (the rules live in ../selection.ts). */
export interface SelectionState {
  selection: Selection;

  click(key: RowKey, mods?: ClickModifiers): void;
  move(delta: number, extend?: boolean): void;
  selectAllShown(): void;
}

export const selectionSlice: ProcessesSlice<SelectionState> = (set, get, deps) => ({
  selection: EMPTY_SELECTION,

  click(key, mods) {
    const { selection, view } = get();
    set(deps.selectionPatch(clickSelection(selection, view, key, mods)));
  },

  move(delta, extend = false) {
    const { selection, view } = get();
    set(deps.selectionPatch(moveSelection(selection, view, delta, extend)));
  },

  selectAllShown() {
    const { selection, view } = get();
    set(deps.selectionPatch(selectAll(view, selection.focus)));
  },
});
