import { create } from 'zustand';
import type {
  LeakSuspect,
  MemoryAlert,
  MemoryMapsComparison,
  MemoryPinInfo,
  MemoryStreamMessage,
  TriageErrorShape,
} from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import { applyTick, mergeAlerts, mergeSnapshots, removePin, upsertPin, type AlertList } from './apply.js';

export type MemoryStatus = 'idle' | 'waiting' | 'live' | 'error';

export interface SuspectsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  observedMs: number;
  processes: number;
  list: readonly LeakSuspect[];
  error: string | null;
}

export interface CompareState {
  status: 'idle' | 'working' | 'ready' | 'error';
  result: MemoryMapsComparison | null;
  error: string | null;
}

export interface LimitsInput {
  sizeBytes: number | null;
  rateMiBPerMin: number | null;
}

export interface MemoryState {
  status: MemoryStatus;
  /** The stream's own failure, one plain sentence. */
  error: string | null;
  /** The last action that failed (pin, unpin, limit…), one plain sentence; cleared by the next success. */
  notice: string | null;
  intervalMs: number;
  memAvailableBytes: number | null;
  pins: readonly MemoryPinInfo[];
  pinPending: boolean;
  /** Newest first; never emptied by reconnects or new arrivals (only the oldest fall off past 1000). */
  alerts: readonly MemoryAlert[];
  alertsDropped: number;
  suspects: SuspectsState;
  compare: Readonly<Record<string, CompareState>>;

  /** Subscribes to memory.stream (and loads the alert backlog) once; later calls do nothing until stop(). */
  start(): void;
  stop(): void;
  /** Feeds one stream message: what the subscription does, exposed for the store's own tests. */
  ingest(message: MemoryStreamMessage): void;
  pinPid(pid: number): Promise<MemoryPinInfo | null>;
  /** Pins the process the caller saw (pid + start time): a reused pid is refused by the backend. */
  pinProcess(pid: number, startTime: number): Promise<MemoryPinInfo | null>;
  pinName(pattern: string): Promise<MemoryPinInfo | null>;
  unpin(pinId: string): Promise<void>;
  setLimit(pinId: string, limits: LimitsInput): Promise<boolean>;
  refreshSuspects(): Promise<void>;
  /** Polls memory.suspects while on (the backend samples all processes only while it is asked). */
  watchSuspects(on: boolean): void;
  captureMaps(pinId: string): Promise<void>;
  compareMaps(pinId: string, fromSnapshotId?: number, toSnapshotId?: number): Promise<void>;
  dismissNotice(): void;
}

export const SUSPECTS_POLL_MS = 5000;


export function createMemoryStore(clientOf: () => TriageClient = getClient) {
  let unsubscribe: (() => void) | null = null;
  let resyncing = false;
  let suspectsTimer: ReturnType<typeof setInterval> | null = null;

  return create<MemoryState>()((set, get) => {
    const alertList = (): AlertList => ({ alerts: get().alerts, dropped: get().alertsDropped });
    const addAlerts = (incoming: readonly MemoryAlert[]): void => {
      const next = mergeAlerts(alertList(), incoming);
      set({ alerts: next.alerts, alertsDropped: next.dropped });
    };

    /** Ticks named a pin this client never heard of: ask for the full list once. */
    const resync = async (): Promise<void> => {
      if (resyncing) return;
      resyncing = true;
      try {
        const { pins, intervalMs } = await clientOf().call('memory.pins', {});
        let next = get().pins.filter((p) => pins.some((q) => q.pinId === p.pinId));
        for (const pin of pins) next = upsertPin(next, pin);
        set({ pins: next, intervalMs });
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

    const pinWith = async (input: { pid: number; startTime?: number } | { namePattern: string }): Promise<MemoryPinInfo | null> => {
      get().start();
      set({ pinPending: true });
      try {
        const pin = await clientOf().call('memory.pin', input);
        set({ pins: upsertPin(get().pins, pin), pinPending: false, notice: null });
        return pin;
      } catch (error) {
        set({ pinPending: false, notice: describeError(error) });
        return null;
      }
    };

    const setCompare = (pinId: string, value: CompareState): void => set({ compare: { ...get().compare, [pinId]: value } });

    const addSnapshots = (pinId: string, snapshots: MemoryPinInfo['snapshots']): void =>
      set({ pins: get().pins.map((p) => (p.pinId === pinId ? { ...p, snapshots: mergeSnapshots(p.snapshots, snapshots) } : p)) });

    return {
      status: 'idle',
      error: null,
      notice: null,
      intervalMs: 1000,
      memAvailableBytes: null,
      pins: [],
      pinPending: false,
      alerts: [],
      alertsDropped: 0,
      suspects: { status: 'idle', observedMs: 0, processes: 0, list: [], error: null },
      compare: {},

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
            // A (re)connect: the backend's pins are the truth, but series already drawn are kept and merged.
            let next = get().pins.filter((p) => message.pins.some((q) => q.pinId === p.pinId));
            for (const pin of message.pins) next = upsertPin(next, pin);
            set({ pins: next, intervalMs: message.intervalMs, status: 'live', error: null });
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

      pinPid: (pid) => pinWith({ pid }),
      pinProcess: (pid, startTime) => pinWith({ pid, startTime }),
      pinName: (pattern) => pinWith({ namePattern: pattern }),

      async unpin(pinId) {
        try {
          await clientOf().call('memory.unpin', { pinId });
          get().ingest({ kind: 'unpinned', pinId });
          set({ notice: null });
        } catch (error) {
          set({ notice: describeError(error) });
        }
      },

      async setLimit(pinId, limits) {
        try {
          const pin = await clientOf().call('memory.setLimit', { pinId, ...limits });
          set({ pins: upsertPin(get().pins, pin), notice: null });
          return true;
        } catch (error) {
          set({ notice: describeError(error) });
          return false;
        }
      },

      async refreshSuspects() {
        const previous = get().suspects;
        if (previous.status === 'idle') set({ suspects: { ...previous, status: 'loading' } });
        try {
          const result = await clientOf().call('memory.suspects', { limit: 20 });
          set({ suspects: { status: 'ready', observedMs: result.observedMs, processes: result.processes, list: result.suspects, error: null } });
        } catch (error) {
          set({ suspects: { ...get().suspects, status: 'error', error: describeError(error) } });
        }
      },

      watchSuspects(on) {
        if (!on) {
          if (suspectsTimer !== null) clearInterval(suspectsTimer);
          suspectsTimer = null;
          return;
        }
        if (suspectsTimer !== null) return;
        void get().refreshSuspects();
        suspectsTimer = setInterval(() => void get().refreshSuspects(), SUSPECTS_POLL_MS);
      },

      async captureMaps(pinId) {
        try {
          const snapshot = await clientOf().call('memory.captureMaps', { pinId });
          addSnapshots(pinId, [snapshot]);
          set({ notice: null });
        } catch (error) {
          set({ notice: describeError(error) });
        }
      },

      async compareMaps(pinId, fromSnapshotId, toSnapshotId) {
        const previous = get().compare[pinId];
        setCompare(pinId, { status: 'working', result: previous?.result ?? null, error: null });
        try {
          const result = await clientOf().call('memory.compareMaps', { pinId, fromSnapshotId, toSnapshotId });
          addSnapshots(pinId, [result.from, result.to]);
          setCompare(pinId, { status: 'ready', result, error: null });
        } catch (error) {
          setCompare(pinId, { status: 'error', result: previous?.result ?? null, error: describeError(error) });
        }
      },

      dismissNotice() {
        set({ notice: null });
      },
    };
  });
}

export type MemoryStore = ReturnType<typeof createMemoryStore>;

/** The app's memory store: one subscription however many components read it. */
export const useMemory: MemoryStore = createMemoryStore();

/**
 * Pin a process from anywhere in the UI (the process table's "Pin" action): the pid and the start
 * time the caller saw, so a pid reused by another program is refused rather than watched by mistake.
 * Resolves to the pin, or null when the backend refused (the memory page shows why).
 */
export function pinProcess(pid: number, startTime: number): Promise<MemoryPinInfo | null> {
  return useMemory.getState().pinProcess(pid, startTime);
}

/** Whether a process is pinned now (for a "Pinned" badge elsewhere). */
export function isPinned(state: Pick<MemoryState, 'pins'>, pid: number): boolean {
  return state.pins.some((p) => p.pid === pid && p.status === 'running');
}
