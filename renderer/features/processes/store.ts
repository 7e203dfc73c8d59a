import { create } from 'zustand';
import { preferenceStorage, type StorageLike } from '../../app/preference-storage.js';
import type { StoreSlice } from '../../app/store-slice.js';
import { getClient, type TriageClient } from '../../client/index.js';
import { actionsSlice, type ActionsState } from './store/actions.js';
import { detailSlice, type DetailState } from './store/detail.js';
import { feedSlice, type FeedState } from './store/feed.js';
import { createRecompute, type Recompute } from './store/recompute.js';
import { selectionSlice, type SelectionState } from './store/selection.js';
import { tableViewSlice, type TableViewState } from './store/table-view.js';

// The store is combined from one slice per job (store/); these re-exports keep the names other folders import.
export { targetOf } from './store/actions.js';
export type { HistoryPoint } from './store/feed.js';
export { withColumn } from './store/table-view.js';

export interface ProcessesState extends FeedState, TableViewState, SelectionState, DetailState, ActionsState {}

/** What the processes slices share besides the state itself. */
export interface ProcessesDeps extends Recompute {
  clientOf: () => TriageClient;
  /** Asked only when the view is first restored or changed (the backend's preferences arrive after the store exists). */
  storageOf: () => StorageLike | null;
  /** When the focused process's detail was last asked for: a new focus resets it, each table tick compares with it. */
  detailClock: { loadedAt: number };
}

export type ProcessesSlice<Part> = StoreSlice<ProcessesState, Part, ProcessesDeps>;

/**
 * storageOf is asked only when the view is first restored or changed, not at creation: the app's store
 * is created when its module loads, before the backend's preferences have been fetched.
 */
export function createProcessesStore(clientOf: () => TriageClient = getClient, storageOf: () => StorageLike | null = preferenceStorage) {
  return create<ProcessesState>()((set, get) => {
    const detailClock = { loadedAt: 0 };
    const deps: ProcessesDeps = { clientOf, storageOf, detailClock, ...createRecompute(get, detailClock) };
    return {
      ...feedSlice(set, get, deps),
      ...tableViewSlice(set, get, deps),
      ...selectionSlice(set, get, deps),
      ...detailSlice(set, get, deps),
      ...actionsSlice(set, get, deps),
    };
  });
}

/** The app's process store: one table subscription however many components read it. */
export const useProcesses = createProcessesStore();
