import type { StoreSlice } from '../../../app/store-slice.js';
import type { TriageClient } from '../../../client/index.js';
import type { StorageLike } from '../folders.js';
import type { CoreState } from '../store.js';
import type { SlotRequests } from './slots.js';

/** What the core slices share besides the state itself. */
export interface CoreDeps {
  clientOf: () => TriageClient;
  /** Where the added core folders are kept (null: nowhere; the list lasts for this visit). */
  storage: StorageLike | null;
  requests: SlotRequests;
}

export type CoreSlice<Part> = StoreSlice<CoreState, Part, CoreDeps>;
