import type { StorageLike } from '../../../app/preference-storage.js';
import type { StoreSlice } from '../../../app/store-slice.js';
import type { TriageClient } from '../../../client/index.js';
import type { ProcessesState } from '../store.js';
import type { Recompute } from './recompute.js';

/** What the processes slices share besides the state itself. */
export interface ProcessesDeps extends Recompute {
  clientOf: () => TriageClient;
  /** Asked only when the view is first restored or changed (the backend's preferences arrive after the store exists). */
  storageOf: () => StorageLike | null;
  /** When the focused process's detail was last asked for: a new focus resets it, each table tick compares with it. */
  detailClock: { loadedAt: number };
}

export type ProcessesSlice<Part> = StoreSlice<ProcessesState, Part, ProcessesDeps>;
