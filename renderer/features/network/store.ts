import { create } from 'zustand';
import { getClient, type TriageClient } from '../../client/index.js';
import { connectionsSlice, type ConnectionsState } from './store/connections.js';
import { createLoad } from './store/deps.js';
import { filesSlice, type FilesState } from './store/files.js';
import { portsSlice, type PortsState } from './store/ports.js';
import { watchSlice, type WatchSliceState } from './store/watch.js';

// The store is combined from one slice per job (store/): the live chart, connections, ports, files.

export const TABS = [
  { id: 'connections', label: 'Connections' },
  { id: 'listening', label: 'Listening ports' },
  { id: 'files', label: 'Open files' },
  { id: 'deleted', label: 'Deleted but open' },
  { id: 'disk', label: 'Disk & I/O' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export interface Loadable<T> {
  data: T | null;
  loading: boolean;
  /** One plain sentence, or null. */
  error: string | null;
}

export interface NetworkState extends WatchSliceState, ConnectionsState, PortsState, FilesState {
  tab: TabId;
  setTab(tab: TabId): void;
}

export function createNetworkStore(clientOf: () => TriageClient = getClient) {
  return create<NetworkState>()((set, get) => {
    const deps = { clientOf, load: createLoad(set, get) };
    return {
      tab: 'connections',
      setTab: (tab) => set({ tab }),
      ...watchSlice(set, get, deps),
      ...connectionsSlice(set, get, deps),
      ...portsSlice(set, get, deps),
      ...filesSlice(set, get, deps),
    };
  });
}

export type NetworkStore = ReturnType<typeof createNetworkStore>;

/** The app's network store: one net.watch subscription however many components read it. */
export const useNetwork: NetworkStore = createNetworkStore();
