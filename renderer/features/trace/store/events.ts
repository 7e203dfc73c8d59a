import type { StoreApi } from 'zustand';
import type { EventsMessage, SessionInfo, TraceAnalysis, TraceEvent } from '../../../../native-bridge/contract/index.js';
import type { TriageClient } from '../../../client/index.js';
import type { TraceSlice, TraceState } from '../store.js';

/** Events kept in the page for the live list; the backend keeps more and the capture file keeps all. */
export const EVENT_CAP = 5000;

/** The events slice: what the trace.events stream has brought, applied in batches (see EventStream). */
export interface EventsState {
  analysis: TraceAnalysis | null;
  /** The newest events (at most EVENT_CAP), oldest first; replaced, never mutated. */
  events: readonly TraceEvent[];
  totalEvents: number;
  /** Events pushed out of the backend's memory: only the capture file has them. */
  olderOnDisk: number;
  /** Events the backend parsed but did not send live (rate cap); queries still find them. */
  notSent: number;
  /** State updates applied from the event stream (what batching keeps low). */
  flushes: number;

  /** Takes one message of the trace.events stream (the subscription calls it; tests too). */
  ingest(message: EventsMessage): void;
  /** Applies everything ingested since the last flush in one update. */
  flush(): void;
}

/** Appends to an immutable list keeping the newest `cap` items. */
export function appendCapped<T>(list: readonly T[], added: readonly T[], cap: number): readonly T[] {
  if (added.length === 0) return list;
  if (added.length >= cap) return added.slice(added.length - cap);
  const keep = Math.min(list.length, cap - added.length);
  return [...list.slice(list.length - keep), ...added];
}

/**
 * One session's event subscription and the batches waiting for the next flush. Messages are only collected
 * here and applied together, so a flood of small batches costs a few state updates a second, not one each.
 */
export type EventStream = ReturnType<typeof createEventStream>;

export function createEventStream(
  set: StoreApi<TraceState>['setState'],
  get: StoreApi<TraceState>['getState'],
  { clientOf, schedule, cap }: { clientOf: () => TriageClient; schedule: (flush: () => void) => void; cap: number },
) {
  let unsubscribe: (() => void) | null = null;
  let subscribedId: string | null = null;
  // Batches waiting for the next flush.
  let pending: TraceEvent[][] = [];
  let pendingAnalysis: TraceAnalysis | null = null;
  let pendingTotals: { totalEvents: number; olderOnDisk: number } | null = null;
  let pendingNotSent = 0;
  let pendingEnd: SessionInfo | null = null;
  let scheduled = false;

  /** Drops what is waiting: nothing of the previous trace may land on the next. */
  function reset(): void {
    pending = [];
    pendingAnalysis = null;
    pendingTotals = null;
    pendingNotSent = 0;
    pendingEnd = null;
    scheduled = false;
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    subscribedId = null;
  }

  function subscribe(id: string): void {
    stop();
    subscribedId = id;
    unsubscribe = clientOf().subscribe(
      'trace.events',
      { id },
      {
        next: (message) => {
          if (subscribedId === id) get().ingest(message);
        },
        error: (error) => {
          if (subscribedId !== id) return;
          unsubscribe = null;
          subscribedId = null;
          set({ error: `Live updates stopped: ${error.message}` });
        },
      },
    );
  }

  function ingest(message: EventsMessage): void {
    if (message.kind === 'batch') {
      if (message.events.length > 0) pending.push(message.events);
      if (message.analysis) pendingAnalysis = message.analysis;
      pendingTotals = { totalEvents: message.totalEvents, olderOnDisk: message.olderOnDisk };
      pendingNotSent += message.omitted;
    } else {
      pendingAnalysis = message.analysis;
      pendingEnd = message.session;
      pendingTotals = { totalEvents: message.session.events, olderOnDisk: message.session.olderOnDisk };
    }
    if (!scheduled) {
      scheduled = true;
      schedule(() => get().flush());
    }
  }

  function flush(): void {
    if (!scheduled) return;
    const state = get();
    let events = state.events;
    for (const batch of pending) events = appendCapped(events, batch, cap);
    const patch: Partial<TraceState> = { events, notSent: state.notSent + pendingNotSent, flushes: state.flushes + 1 };
    if (pendingAnalysis) patch.analysis = pendingAnalysis;
    if (pendingTotals) Object.assign(patch, pendingTotals);
    if (pendingEnd) {
      patch.session = pendingEnd;
      patch.phase = 'ended';
    }
    reset();
    set(patch);
  }

  return { subscribe, unsubscribe: stop, reset, ingest, flush };
}

export const eventsSlice: TraceSlice<EventsState> = (_set, _get, deps) => ({
  analysis: null,
  events: [],
  totalEvents: 0,
  olderOnDisk: 0,
  notSent: 0,
  flushes: 0,

  ingest: (message) => deps.stream.ingest(message),
  flush: () => deps.stream.flush(),
});
