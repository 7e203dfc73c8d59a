import { create } from 'zustand';
import { preferenceStorage } from '../../app/preference-storage.js';
import type { StoreSlice } from '../../app/store-slice.js';
import { getClient, type TriageClient } from '../../client/index.js';
import type { StorageLike } from './folders.js';
import { analysisSlice, type AnalysisState } from './store/analysis.js';
import { crashesSlice, type CrashesState } from './store/crashes.js';
import { gdbSlice, type GdbState } from './store/gdb.js';
import { launchSlice, type LaunchState } from './store/launch.js';
import { createSlotRequests, type SlotRequests } from './store/slots.js';

// The store is combined from one slice per job (store/); these re-exports keep the names other folders import.
export type { CoreTab } from './store/crashes.js';

export interface CoreState extends CrashesState, AnalysisState, LaunchState, GdbState {}

/** What the core slices share besides the state itself. */
export interface CoreDeps {
  clientOf: () => TriageClient;
  /** Where the added core folders are kept (null: nowhere; the list lasts for this visit). */
  storage: StorageLike | null;
  requests: SlotRequests;
}

export type CoreSlice<Part> = StoreSlice<CoreState, Part, CoreDeps>;

export interface CoreStoreOptions {
  clientOf?: () => TriageClient;
  storage?: StorageLike | null;
}

export function createCoreStore(options: CoreStoreOptions = {}) {
  const clientOf = options.clientOf ?? getClient;
  const storage = options.storage === undefined ? preferenceStorage() : options.storage;

  return create<CoreState>()((set, get) => {
    const deps: CoreDeps = { clientOf, storage, requests: createSlotRequests(set) };
    return {
      ...crashesSlice(set, get, deps),
      ...analysisSlice(set, get, deps),
      ...launchSlice(set, get, deps),
      ...gdbSlice(set, get, deps),
    };
  });
}

export const useCore = createCoreStore();
