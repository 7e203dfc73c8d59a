import type { ConnectionsResult, SocketState } from '../../../../native-bridge/contract/index.js';
import type { GroupBy } from '../grouping.js';
import type { Loadable } from '../store.js';
import { empty, type NetworkSlice } from './deps.js';

/** The Connections tab: the socket list and how it is grouped, filtered and folded. */
export interface ConnectionsState {
  connections: Loadable<ConnectionsResult>;
  includeUnix: boolean;
  groupBy: GroupBy;
  stateFilter: SocketState | null;
  textFilter: string;
  /** Group keys the user folded. */
  collapsed: ReadonlySet<string>;

  refreshConnections(): Promise<void>;
  setIncludeUnix(on: boolean): void;
  setGroupBy(by: GroupBy): void;
  setStateFilter(state: SocketState | null): void;
  setTextFilter(text: string): void;
  toggleGroup(key: string): void;
}

export const connectionsSlice: NetworkSlice<ConnectionsState> = (set, get, { clientOf, load }) => ({
  connections: empty(),
  includeUnix: false,
  groupBy: 'process',
  stateFilter: null,
  textFilter: '',
  collapsed: new Set(),

  refreshConnections: () => load('connections', () => clientOf().call('net.connections', { includeUnix: get().includeUnix })),
  setIncludeUnix(on) {
    if (on === get().includeUnix) return;
    set({ includeUnix: on });
    void get().refreshConnections();
  },
  setGroupBy: (groupBy) => set({ groupBy, collapsed: new Set() }),
  setStateFilter: (stateFilter) => set({ stateFilter }),
  setTextFilter: (textFilter) => set({ textFilter }),
  toggleGroup(key) {
    const collapsed = new Set(get().collapsed);
    if (!collapsed.delete(key)) collapsed.add(key);
    set({ collapsed });
  },
});
