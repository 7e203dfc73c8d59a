import type { ProcessRow, ProcessTableMessage, TriageErrorShape } from '../../../../native-bridge/contract/index.js';
import { applyTableMessage } from '../../../../native-bridge/common/processes-delta.js';
import { keyOf, type RowKey } from '../keys.js';
import type { ProcessesSlice } from '../store.js';

export type ProcessesStatus = 'idle' | 'waiting' | 'live' | 'error';

export interface HistoryPoint {
  time: number;
  /** Percent of one core. */
  cpu: number;
  rss: number;
}

/** Samples kept for the detail sparklines: 10 minutes at 1 Hz. */
export const HISTORY_CAPACITY = 600;

/** The detail panel re-reads the focused process at most this often while the table refreshes. */
const DETAIL_REFRESH_MS = 3000;

/** The feed slice: the processes.table subscription, the rows it brings and the focused process's history. */
export interface FeedState {
  status: ProcessesStatus;
  error: string | null;
  rows: readonly ProcessRow[];
  ncpu: number;
  totalMemoryBytes: number;
  /** Time of the newest sample. */
  time: number;
  source: ProcessTableMessage['source'] | null;
  /** CPU and RES of the focused process since it was focused. */
  history: { key: RowKey | null; points: readonly HistoryPoint[] };

  start(): void;
  stop(): void;
  ingest(message: ProcessTableMessage): void;
}

export const feedSlice: ProcessesSlice<FeedState> = (set, get, deps) => {
  let unsubscribe: (() => void) | null = null;

  function appendHistory(rows: readonly ProcessRow[], time: number): Partial<Pick<FeedState, 'history'>> {
    const { history } = get();
    if (history.key === null) return {};
    const row = rows.find((r) => keyOf(r) === history.key);
    if (!row) return {};
    const points = [...history.points, { time, cpu: row.cpu, rss: row.rss }];
    if (points.length > HISTORY_CAPACITY) points.splice(0, points.length - HISTORY_CAPACITY);
    return { history: { key: history.key, points } };
  }

  return {
    status: 'idle',
    error: null,
    rows: [],
    ncpu: 1,
    totalMemoryBytes: 0,
    time: 0,
    source: null,
    history: { key: null, points: [] },

    start() {
      get().restoreView();
      if (unsubscribe) return;
      set({ status: 'waiting', error: null });
      unsubscribe = deps.clientOf().subscribe(
        'processes.table',
        {},
        {
          next: (message) => get().ingest(message),
          error: (error: TriageErrorShape) => {
            unsubscribe = null;
            set({ status: 'error', error: `The process table stopped updating: ${error.message}` });
          },
        },
      );
    },

    stop() {
      unsubscribe?.();
      unsubscribe = null;
      set({ status: 'idle' });
    },

    ingest(message) {
      const rows = applyTableMessage(get().rows, message);
      set({
        status: 'live',
        error: null,
        ncpu: message.ncpu,
        totalMemoryBytes: message.totalMemoryBytes,
        source: message.source,
        ...appendHistory(rows, message.time),
        ...deps.viewPatch({ rows, time: message.time, ncpu: message.ncpu }),
      });
      const { detail } = get();
      if (detail && Date.now() - deps.detailClock.loadedAt > DETAIL_REFRESH_MS) void get().loadDetail();
    },
  };
};
