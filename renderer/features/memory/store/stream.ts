import type { MemoryAlert, MemoryPinInfo, MemoryStreamMessage, TriageErrorShape } from '../../../../native-bridge/contract/index.js';
import { applyTick, mergeAlerts, removePin, upsertPin } from '../apply.js';
import type { MemorySlice } from '../store.js';

export type MemoryStatus = 'idle' | 'waiting' | 'live' | 'error';

/** The stream slice: the memory.stream subscription, the system figures it brings and the alerts it raises. */
export interface StreamState {
  status: MemoryStatus;
  /** The stream's own failure, one plain sentence. */
  error: string | null;
  intervalMs: number;
  memAvailableBytes: number | null;
  /** Newest first; never emptied by reconnects or new arrivals (only the oldest fall off past 1000). */
  alerts: readonly MemoryAlert[];
  alertsDropped: number;

  /** Subscribes to memory.stream (and loads the alert backlog) once; later calls do nothing until stop(). */
  start(): void;
  stop(): void;
  /** Feeds one stream message: what the subscription does, exposed for the store's own tests. */
  ingest(message: MemoryStreamMessage): void;
}

/** The backend's pins are the truth (on a reconnect or a resync), but series already drawn are kept and merged. */
function reconcilePins(current: readonly MemoryPinInfo[], fromBackend: readonly MemoryPinInfo[]): MemoryPinInfo[] {
  let next = current.filter((p) => fromBackend.some((q) => q.pinId === p.pinId));
  for (const pin of fromBackend) next = upsertPin(next, pin);
  return next;
}

export const streamSlice: MemorySlice<StreamState> = (set, get, { clientOf }) => {
  let unsubscribe: (() => void) | null = null;
  let resyncing = false;

  const addAlerts = (incoming: readonly MemoryAlert[]): void => {
    const next = mergeAlerts({ alerts: get().alerts, dropped: get().alertsDropped }, incoming);
    set({ alerts: next.alerts, alertsDropped: next.dropped });
  };

  /** Ticks named a pin this client never heard of: ask for the full list once. */
  const resync = async (): Promise<void> => {
    if (resyncing) return;
    resyncing = true;
    try {
      const { pins, intervalMs } = await clientOf().call('memory.pins', {});
      set({ pins: reconcilePins(get().pins, pins), intervalMs });
    } catch {
      // The next unknown tick tries again.
    } finally {
      resyncing = false;
    }
  };

  const loadAlerts = async (): Promise<void> => {
    try {
      const page = await clientOf().call('memory.alerts', { limit: 1000 });
      const next = mergeAlerts({ alerts: get().alerts, dropped: 0 }, page.alerts);
      set({ alerts: next.alerts, alertsDropped: Math.max(get().alertsDropped, page.dropped + next.dropped) });
    } catch {
      // The stream still brings every new alert; the backlog is a convenience.
    }
  };

  return {
    status: 'idle',
    error: null,
    intervalMs: 1000,
    memAvailableBytes: null,
    alerts: [],
    alertsDropped: 0,

    start() {
      if (unsubscribe) return;
      set({ status: 'waiting', error: null });
      unsubscribe = clientOf().subscribe(
        'memory.stream',
        {},
        {
          next: (message) => get().ingest(message),
          error: (error: TriageErrorShape) => {
            unsubscribe = null;
            set({ status: 'error', error: error.message });
          },
        },
      );
      void loadAlerts();
    },

    stop() {
      unsubscribe?.();
      unsubscribe = null;
      get().watchSuspects(false);
      set({ status: 'idle' });
    },

    ingest(message) {
      switch (message.kind) {
        case 'history': {
          set({ pins: reconcilePins(get().pins, message.pins), intervalMs: message.intervalMs, status: 'live', error: null });
          return;
        }
        case 'pinned':
          set({ pins: upsertPin(get().pins, message.pin) });
          return;
        case 'unpinned': {
          const { [message.pinId]: _gone, ...compare } = get().compare;
          set({ pins: removePin(get().pins, message.pinId), compare });
          return;
        }
        case 'tick': {
          const outcome = applyTick(get().pins, message);
          set({ pins: outcome.pins, memAvailableBytes: message.memAvailableBytes, status: 'live' });
          if (message.alerts.length > 0) addAlerts(message.alerts);
          if (outcome.unknown) void resync();
          return;
        }
      }
    },
  };
};
