import type { TraceEvent } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import type { Filter, ViewId } from '../display.js';
import type { TraceSlice } from '../store.js';

/** Matches fetched at most per filter query (the newest ones). */
export const QUERY_LIMIT = 2000;

export interface QueryState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  events: TraceEvent[];
  matched: number;
  /** Index of the first fetched event among all matches. */
  offset: number;
  error: string | null;
}

export const EMPTY_QUERY: QueryState = { status: 'idle', events: [], matched: 0, offset: 0, error: null };

/** The view slice: which view is open, its filter, and the backend query that searches every event of the trace. */
export interface ViewQueryState {
  view: ViewId;
  filter: Filter;
  failedOnly: boolean;
  query: QueryState;

  setView(view: ViewId): void;
  setFilter(patch: Partial<Filter>): void;
  setFailedOnly(value: boolean): void;
  runQuery(): Promise<void>;
}

export const viewQuerySlice: TraceSlice<ViewQueryState> = (set, get, deps) => {
  // Only the newest query's answer is shown: the filter may change while an older one is under way.
  let queryToken = 0;

  return {
    view: 'failures',
    filter: { classes: [], text: '' },
    failedOnly: false,
    query: EMPTY_QUERY,

    setView(view) {
      set({ view });
    },

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },

    setFailedOnly(value) {
      set({ failedOnly: value });
    },

    async runQuery() {
      const { session, filter, failedOnly } = get();
      if (!session) return;
      const token = ++queryToken;
      set({ query: { ...get().query, status: 'loading', error: null } });
      const base = {
        id: session.id,
        ...(filter.classes.length > 0 ? { classes: [...filter.classes] } : {}),
        ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
        failedOnly,
      };
      try {
        const client = deps.clientOf();
        let result = await client.call('trace.query', { ...base, offset: 0, limit: QUERY_LIMIT });
        let offset = 0;
        // The newest matches are the interesting ones: fetch the last page when there are more.
        if (result.matched > QUERY_LIMIT) {
          offset = result.matched - QUERY_LIMIT;
          result = await client.call('trace.query', { ...base, offset, limit: QUERY_LIMIT });
        }
        if (token !== queryToken) return;
        set({ query: { status: 'ready', events: result.events, matched: result.matched, offset, error: null } });
      } catch (error) {
        if (token !== queryToken) return;
        set({ query: { ...EMPTY_QUERY, status: 'error', error: describeError(error) } });
      }
    },
  };
};
