import type { NetWatchMessage, StateTick, TriageErrorShape, Unreadable } from '../../../../native-bridge/contract/index.js';
import { applyWatchMessage, WATCH_CAPACITY } from '../watch-ring.js';
import type { NetworkSlice } from './deps.js';

interface WatchState {
  status: 'idle' | 'waiting' | 'live' | 'error';
  error: string | null;
  ticks: readonly StateTick[];
  unreadable: Unreadable | null;
  pendingSockets: number;
}

/** The live socket-state chart: one net.watch subscription. */
export interface WatchSliceState {
  watch: WatchState;
  /** Process the state chart shows ("pid:start"), or null for the machine's totals. */
  chartFocus: string | null;

  startWatch(): void;
  stopWatch(): void;
  /** Feeds one net.watch message (what the subscription does; exposed for tests). */
  ingestWatch(message: NetWatchMessage): void;
  setChartFocus(key: string | null): void;
}

export const watchSlice: NetworkSlice<WatchSliceState> = (set, get, { clientOf }) => {
  let unsubscribe: (() => void) | null = null;
  return {
    watch: { status: 'idle', error: null, ticks: [], unreadable: null, pendingSockets: 0 },
    chartFocus: null,

    startWatch() {
      if (unsubscribe) return;
      set((s) => ({ watch: { ...s.watch, status: 'waiting', error: null } }));
      unsubscribe = clientOf().subscribe(
        'net.watch',
        {},
        {
          next: (message) => get().ingestWatch(message),
          error: (error: TriageErrorShape) => {
            unsubscribe = null;
            set((s) => ({ watch: { ...s.watch, status: 'error', error: error.message } }));
          },
        },
      );
    },

    stopWatch() {
      unsubscribe?.();
      unsubscribe = null;
      set((s) => ({ watch: { ...s.watch, status: 'idle' } }));
    },

    ingestWatch(message) {
      const { watch } = get();
      const ticks = applyWatchMessage(watch.ticks, message, WATCH_CAPACITY);
      if (ticks === watch.ticks) return;
      set({
        watch: {
          status: 'live',
          error: null,
          ticks,
          unreadable: message.unreadable,
          pendingSockets: message.pendingSockets,
        },
      });
    },

    setChartFocus: (chartFocus) => set({ chartFocus }),
  };
};
