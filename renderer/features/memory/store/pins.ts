import type { MemoryPinInfo, MemoryPinLimits } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import { upsertPin } from '../apply.js';
import type { MemorySlice } from '../store.js';

/** The pins slice: the processes watched closely, pinning and unpinning them, and their limits. */
export interface PinsState {
  pins: readonly MemoryPinInfo[];
  pinPending: boolean;
  /** The last action that failed (pin, unpin, limit…), one plain sentence; cleared by the next success. */
  notice: string | null;

  pinPid(pid: number): Promise<MemoryPinInfo | null>;
  /** Pins the process the caller saw (pid + start time): a reused pid is refused by the backend. */
  pinProcess(pid: number, startTime: number): Promise<MemoryPinInfo | null>;
  pinName(pattern: string): Promise<MemoryPinInfo | null>;
  unpin(pinId: string): Promise<void>;
  setLimit(pinId: string, limits: MemoryPinLimits): Promise<boolean>;
  dismissNotice(): void;
}

export const pinsSlice: MemorySlice<PinsState> = (set, get, { clientOf }) => {
  const pinWith = async (input: { pid: number; startTime?: number } | { namePattern: string }): Promise<MemoryPinInfo | null> => {
    // A pin's series arrive on the stream: pinning from another page must start it.
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

  return {
    pins: [],
    pinPending: false,
    notice: null,

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

    dismissNotice() {
      set({ notice: null });
    },
  };
};
