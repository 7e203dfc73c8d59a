import type { ProcessDetail } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import { keyOf, type RowKey } from '../keys.js';
import type { ProcessesSlice } from '../store.js';

/** The detail slice: the focused process's full record, read on focus and refreshed while the table ticks. */
export interface DetailState {
  detail: { key: RowKey; data: ProcessDetail | null; error: string | null } | null;

  loadDetail(): Promise<void>;
}

export const detailSlice: ProcessesSlice<DetailState> = (set, get, deps) => {
  // One read at a time per focused process: a tick while it is under way does not ask again.
  let detailInFlight: RowKey | null = null;

  return {
    detail: null,

    async loadDetail() {
      const focus = get().selection.focus;
      if (focus === null || detailInFlight === focus) return;
      const row = get().rows.find((r) => keyOf(r) === focus);
      if (!row) return;
      detailInFlight = focus;
      deps.detailClock.loadedAt = Date.now();
      try {
        const data = await deps.clientOf().call('processes.detail', { pid: row.pid, startTime: row.startTime });
        if (get().selection.focus === focus) set({ detail: { key: focus, data, error: null } });
      } catch (error) {
        if (get().selection.focus === focus) set({ detail: { key: focus, data: get().detail?.data ?? null, error: describeError(error) } });
      } finally {
        detailInFlight = null;
      }
    },
  };
};
