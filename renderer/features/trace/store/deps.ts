import type { StoreSlice } from '../../../app/store-slice.js';
import type { TriageClient } from '../../../client/index.js';
import type { TraceState } from '../store.js';
import type { EventStream } from './events.js';

/** What the trace slices share besides the state itself. */
export interface TraceDeps {
  clientOf: () => TriageClient;
  /** The trace.events subscription and its batching: the session slice starts, switches and ends it. */
  stream: EventStream;
}

export type TraceSlice<Part> = StoreSlice<TraceState, Part, TraceDeps>;
