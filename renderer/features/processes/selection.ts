import type { RowKey } from './keys.js';
import type { ViewRow } from './view.js';

export interface Selection {
  /** Every selected process. */
  selected: ReadonlySet<RowKey>;
  /** The row the keyboard is on and the detail panel shows. */
  focus: RowKey | null;
  /** Where a shift-range starts. */
  anchor: RowKey | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), focus: null, anchor: null };

/**
 * Keeps only processes still on screen: a process that exited, or that the filter or a collapsed parent
 * hides, is never acted on unseen. Returns the same object when nothing changed.
 */
export function pruneSelection(selection: Selection, view: readonly ViewRow[]): Selection {
  if (selection.selected.size === 0 && selection.focus === null && selection.anchor === null) return selection;
  const visible = new Set(view.map((v) => v.key));
  let changed = false;
  const selected = new Set<RowKey>();
  for (const key of selection.selected) {
    if (visible.has(key)) selected.add(key);
    else changed = true;
  }
  const focus = selection.focus !== null && visible.has(selection.focus) ? selection.focus : null;
  const anchor = selection.anchor !== null && visible.has(selection.anchor) ? selection.anchor : null;
  if (!changed && focus === selection.focus && anchor === selection.anchor) return selection;
  return { selected: changed ? selected : selection.selected, focus, anchor };
}

export interface ClickModifiers {
  /** Ctrl or Cmd: add or remove one row. */
  toggle?: boolean;
  /** Shift: select the range from the anchor. */
  range?: boolean;
}

export function clickSelection(selection: Selection, view: readonly ViewRow[], key: RowKey, mods: ClickModifiers = {}): Selection {
  if (mods.range && selection.anchor !== null) {
    const from = view.findIndex((v) => v.key === selection.anchor);
    const to = view.findIndex((v) => v.key === key);
    if (from >= 0 && to >= 0) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      const selected = new Set(mods.toggle ? selection.selected : []);
      for (let i = lo; i <= hi; i++) selected.add(view[i]!.key);
      return { selected, focus: key, anchor: selection.anchor };
    }
  }
  if (mods.toggle) {
    const selected = new Set(selection.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, focus: key, anchor: key };
  }
  return { selected: new Set([key]), focus: key, anchor: key };
}

/** Arrow keys, Page Up/Down, Home/End: move the focus by `delta` rows (clamped), selecting as a click would. */
export function moveSelection(selection: Selection, view: readonly ViewRow[], delta: number, extend: boolean): Selection {
  if (view.length === 0) return selection;
  const current = selection.focus === null ? -1 : view.findIndex((v) => v.key === selection.focus);
  const start = current < 0 ? (delta > 0 ? -1 : view.length) : current;
  const next = Math.min(view.length - 1, Math.max(0, start + delta));
  return clickSelection(selection, view, view[next]!.key, { range: extend });
}

export function selectAll(view: readonly ViewRow[], focus: RowKey | null): Selection {
  const keys = view.map((v) => v.key);
  return { selected: new Set(keys), focus: focus ?? keys[0] ?? null, anchor: focus ?? keys[0] ?? null };
}
