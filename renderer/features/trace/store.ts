import { create } from 'zustand';
import type { StoreSlice } from '../../app/store-slice.js';
import { getClient, type TriageClient } from '../../client/index.js';
import { createEventStream, EVENT_CAP, eventsSlice, type EventsState, type EventStream } from './store/events.js';
import { throttledFrames } from './store/flush-schedule.js';
import { formSlice, type FormState } from './store/form.js';
import { viewQuerySlice, type ViewQueryState } from './store/query.js';
import { sessionSlice, type SessionState } from './store/session.js';

// The store is combined from one slice per job (store/); these re-exports keep the names other folders import.
export { appendCapped } from './store/events.js';
export { startRequest, type TraceForm } from './store/form.js';

export interface TraceState extends FormState, SessionState, EventsState, ViewQueryState {}

/** What the trace slices share besides the state itself. */
export interface TraceDeps {
  clientOf: () => TriageClient;
  /** The trace.events subscription and its batching: the session slice starts, switches and ends it. */
  stream: EventStream;
}

export type TraceSlice<Part> = StoreSlice<TraceState, Part, TraceDeps>;

export interface TraceStoreOptions {
  clientOf?: () => TriageClient;
  /** How a flush is deferred: batches arriving together become one update (default: next frame, at most 4 a second). */
  schedule?: (flush: () => void) => void;
  eventCap?: number;
}

export function createTraceStore(options: TraceStoreOptions = {}) {
  const clientOf = options.clientOf ?? getClient;
  const schedule = options.schedule ?? throttledFrames();
  const cap = options.eventCap ?? EVENT_CAP;

  return create<TraceState>()((set, get) => {
    const deps: TraceDeps = { clientOf, stream: createEventStream(set, get, { clientOf, schedule, cap }) };
    return {
      ...formSlice(set, get, deps),
      ...sessionSlice(set, get, deps),
      ...eventsSlice(set, get, deps),
      ...viewQuerySlice(set, get, deps),
    };
  });
}

/** The app's trace store: one per app, so a trace survives switching pages. */
export const useTrace = createTraceStore();
