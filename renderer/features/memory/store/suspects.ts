import type { LeakSuspect } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import type { MemorySlice } from '../store.js';

export interface SuspectsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  observedMs: number;
  processes: number;
  list: readonly LeakSuspect[];
  error: string | null;
}

export const SUSPECTS_POLL_MS = 5000;

/** The suspects slice: the processes growing the most across the whole machine, polled while the panel is shown. */
export interface SuspectsSliceState {
  suspects: SuspectsState;

  refreshSuspects(): Promise<void>;
  /** Polls memory.suspects while on (the backend samples all processes only while it is asked). */
  watchSuspects(on: boolean): void;
}

export const suspectsSlice: MemorySlice<SuspectsSliceState> = (set, get, { clientOf }) => {
  let suspectsTimer: ReturnType<typeof setInterval> | null = null;

  return {
    suspects: { status: 'idle', observedMs: 0, processes: 0, list: [], error: null },

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
  };
};
