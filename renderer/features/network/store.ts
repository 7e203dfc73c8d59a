import { create } from 'zustand';
import type {
  ConnectionsResult,
  DeletedFilesResult,
  DiskIoResult,
  FilesystemsResult,
  InterfacesResult,
  ListeningResult,
  NetWatchMessage,
  OpenFilesResult,
  SocketState,
  StateTick,
  TriageErrorShape,
  Unreadable,
} from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import type { GroupBy } from './grouping.js';
import { answerPort, parsePortQuery, type PortAnswer } from './port-search.js';
import { applyWatchMessage, WATCH_CAPACITY } from './watch-ring.js';

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

const empty = <T>(): Loadable<T> => ({ data: null, loading: false, error: null });

export interface WatchState {
  status: 'idle' | 'waiting' | 'live' | 'error';
  error: string | null;
  ticks: readonly StateTick[];
  unreadable: Unreadable | null;
  pendingSockets: number;
}

type LoadKey = 'connections' | 'listening' | 'interfaces' | 'openFiles' | 'deleted' | 'filesystems' | 'io';

export interface NetworkState {
  tab: TabId;
  watch: WatchState;
  /** Process the state chart shows ("pid:start"), or null for the machine's totals. */
  chartFocus: string | null;

  connections: Loadable<ConnectionsResult>;
  includeUnix: boolean;
  groupBy: GroupBy;
  stateFilter: SocketState | null;
  textFilter: string;
  /** Group keys the user folded. */
  collapsed: ReadonlySet<string>;

  listening: Loadable<ListeningResult>;
  portQuery: string;
  portAnswer: PortAnswer | null;
  portError: string | null;

  interfaces: Loadable<InterfacesResult>;
  /** What the user typed into the pid box of Open files. */
  openPid: string;
  openFiles: Loadable<OpenFilesResult>;
  deleted: Loadable<DeletedFilesResult>;
  filesystems: Loadable<FilesystemsResult>;
  io: Loadable<DiskIoResult>;

  setTab(tab: TabId): void;
  startWatch(): void;
  stopWatch(): void;
  /** Feeds one net.watch message (what the subscription does; exposed for tests). */
  ingestWatch(message: NetWatchMessage): void;
  setChartFocus(key: string | null): void;

  refreshConnections(): Promise<void>;
  setIncludeUnix(on: boolean): void;
  setGroupBy(by: GroupBy): void;
  setStateFilter(state: SocketState | null): void;
  setTextFilter(text: string): void;
  toggleGroup(key: string): void;

  refreshListening(): Promise<void>;
  /** Answers "what is on port N?" from a fresh listening list. */
  askPort(text: string): Promise<void>;
  refreshInterfaces(): Promise<void>;
  setOpenPid(text: string): void;
  /** Loads the open files of the pid typed (or given); a bad pid gets a sentence, no request. */
  loadOpenFiles(pid?: number): Promise<void>;
  refreshDeleted(): Promise<void>;
  refreshFilesystems(): Promise<void>;
  refreshIo(): Promise<void>;
}

/** Parses a pid typed by a person; the backend validates again, this only saves a round trip. */
export function parsePidText(text: string): number | { error: string } {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1) return { error: 'Type a process id: a whole number such as 1234.' };
  return Number(t);
}

export function createNetworkStore(clientOf: () => TriageClient = getClient) {
  let unsubscribe: (() => void) | null = null;
  // Answers can arrive out of order (a slow sweep after a fast one): only the newest request's answer counts.
  const generation: Record<LoadKey, number> = { connections: 0, listening: 0, interfaces: 0, openFiles: 0, deleted: 0, filesystems: 0, io: 0 };

  return create<NetworkState>()((set, get) => {
    async function load<K extends LoadKey>(key: K, fetch: () => Promise<NonNullable<NetworkState[K]['data']>>): Promise<void> {
      const mine = ++generation[key];
      set({ [key]: { ...get()[key], loading: true } } as Partial<NetworkState>);
      try {
        const data = await fetch();
        if (mine !== generation[key]) return;
        set({ [key]: { data, loading: false, error: null } } as Partial<NetworkState>);
      } catch (error) {
        if (mine !== generation[key]) return;
        set({ [key]: { ...get()[key], loading: false, error: describeError(error) } } as Partial<NetworkState>);
      }
    }

    return {
      tab: 'connections',
      watch: { status: 'idle', error: null, ticks: [], unreadable: null, pendingSockets: 0 },
      chartFocus: null,
      connections: empty(),
      includeUnix: false,
      groupBy: 'process',
      stateFilter: null,
      textFilter: '',
      collapsed: new Set(),
      listening: empty(),
      portQuery: '',
      portAnswer: null,
      portError: null,
      interfaces: empty(),
      openPid: '',
      openFiles: empty(),
      deleted: empty(),
      filesystems: empty(),
      io: empty(),

      setTab: (tab) => set({ tab }),

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

      refreshListening: () => load('listening', () => clientOf().call('net.listening', {})),
      async askPort(text) {
        set({ portQuery: text });
        const query = parsePortQuery(text);
        if (query === null) {
          set({ portAnswer: null, portError: null });
          return;
        }
        if ('error' in query) {
          set({ portAnswer: null, portError: query.error });
          return;
        }
        await get().refreshListening();
        // The user may have typed on while the list loaded: answer only the query still in the box.
        if (get().portQuery !== text) return;
        const ports = get().listening.data?.ports;
        set(ports ? { portAnswer: answerPort(ports, query.port), portError: null } : { portAnswer: null, portError: get().listening.error });
      },
      refreshInterfaces: () => load('interfaces', () => clientOf().call('net.interfaces', {})),

      setOpenPid: (openPid) => set({ openPid }),
      async loadOpenFiles(pid) {
        const parsed = pid ?? parsePidText(get().openPid);
        if (typeof parsed !== 'number') {
          set({ openFiles: { data: null, loading: false, error: parsed.error } });
          return;
        }
        set({ openPid: String(parsed), tab: 'files' });
        await load('openFiles', () => clientOf().call('files.open', { pid: parsed }));
      },
      refreshDeleted: () => load('deleted', () => clientOf().call('files.deleted', {})),
      refreshFilesystems: () => load('filesystems', () => clientOf().call('disk.filesystems', {})),
      refreshIo: () => load('io', () => clientOf().call('disk.io', { windowMs: 1000, limit: 200 })),
    };
  });
}

export type NetworkStore = ReturnType<typeof createNetworkStore>;

/** The app's network store: one net.watch subscription however many components read it. */
export const useNetwork: NetworkStore = createNetworkStore();
