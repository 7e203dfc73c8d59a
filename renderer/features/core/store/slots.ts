import type { StoreApi } from 'zustand';
import { describeError, errorDetail } from '../../../client/index.js';
import type { CoreState } from '../store.js';

export type Phase = 'idle' | 'loading' | 'ready' | 'error';

/** One request's life: what the view shows is always one of these four. */
export interface Slot<T> {
  phase: Phase;
  data: T | null;
  /** The backend's plain sentence. */
  error: string | null;
  /** Technical detail (gdb's own words) for the curious; shown folded. */
  detail: string | null;
}

export function idleSlot<T>(): Slot<T> {
  return { phase: 'idle', data: null, error: null, detail: null };
}

export const failure = (error: unknown): { error: string; detail: string | null } => ({ error: describeError(error), detail: errorDetail(error) });

/** The parts of the state that each hold one request's Slot. */
export type SlotKey = 'status' | 'crashes' | 'analysis' | 'registers' | 'libraries' | 'launch';

/** Runs requests into slots, shared by every core slice so that "the newest request wins" holds across them. */
export type SlotRequests = ReturnType<typeof createSlotRequests>;

export function createSlotRequests(set: StoreApi<CoreState>['setState']) {
  // A newer request for the same slot wins: an answer to an older one is dropped, never shown.
  const generation: Record<SlotKey, number> = { status: 0, crashes: 0, analysis: 0, registers: 0, libraries: 0, launch: 0 };

  /** Shows loading, then the answer or the failure; true when the answer was shown. */
  async function run<K extends SlotKey>(key: K, work: () => Promise<NonNullable<CoreState[K]['data']>>): Promise<boolean> {
    const mine = ++generation[key];
    set({ [key]: { phase: 'loading', data: null, error: null, detail: null } } as Pick<CoreState, K>);
    try {
      const data = await work();
      if (generation[key] !== mine) return false;
      set({ [key]: { phase: 'ready', data, error: null, detail: null } } as Pick<CoreState, K>);
      return true;
    } catch (error) {
      if (generation[key] !== mine) return false;
      set({ [key]: { phase: 'error', data: null, ...failure(error) } } as Pick<CoreState, K>);
      return false;
    }
  }

  /** Shows a refusal made before asking the backend (it also drops any answer still on its way). */
  function fail<K extends SlotKey>(key: K, error: string): void {
    generation[key]++;
    set({ [key]: { phase: 'error', data: null, error, detail: null } } as Pick<CoreState, K>);
  }

  return {
    run,
    fail,
    /** Drops any answer still on its way for the slot, without changing what it shows. */
    invalidate(key: SlotKey): void {
      generation[key]++;
    },
  };
}
