import type { StoreSlice } from '../../../app/store-slice.js';
import type { TriageClient } from '../../../client/index.js';
import type { MemoryState } from '../store.js';

/** What the memory slices share besides the state itself. */
export interface MemoryDeps {
  clientOf: () => TriageClient;
}

export type MemorySlice<Part> = StoreSlice<MemoryState, Part, MemoryDeps>;
