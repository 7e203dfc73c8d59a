import { preferenceStorage } from '../../app/preference-storage.js';
import { create } from 'zustand';
import type {
  CoreAnalysis,
  CoreLibraries,
  CoreRegisters,
  CoreStatus,
  CrashList,
  LaunchedWithCores,
  LiveBacktrace,
} from '../../../native-bridge/contract/index.js';
import { describeError, errorCode, errorDetail, getClient, type TriageClient } from '../../client/index.js';
import { splitCommandLine } from './argv.js';
import { addFolder, loadFolders, removeFolder, saveFolders, type StorageLike } from './folders.js';
import { parsePid } from './route.js';

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

export type CoreTab = 'crashes' | 'open' | 'live';

/** What the analysis on screen came from; registers and libraries are asked for against the same core. */
export type AnalysisRef = { kind: 'core'; path: string; exe: string | null } | { kind: 'live'; pid: number };

export type LaunchWatch =
  | { state: 'off' }
  | { state: 'watching'; pid: number; cwd: string }
  | { state: 'opened'; pid: number; corePath: string }
  | { state: 'ended'; pid: number; message: string };

/** "Continue in gdb": an interactive gdb on the analysed core, in a backend terminal. */
export type GdbTerminal =
  | { state: 'closed' }
  | { state: 'opening' }
  | { state: 'open'; id: string; argv: string[] }
  | { state: 'error'; error: string; detail: string | null };

export interface CoreState {
  tab: CoreTab;
  status: Slot<CoreStatus>;
  folders: string[];
  folderError: string | null;
  crashes: Slot<CrashList>;
  ref: AnalysisRef | null;
  analysis: Slot<CoreAnalysis | LiveBacktrace>;
  registers: Slot<CoreRegisters>;
  libraries: Slot<CoreLibraries>;
  launch: Slot<LaunchedWithCores>;
  watch: LaunchWatch;
  gdb: GdbTerminal;

  setTab(tab: CoreTab): void;
  loadStatus(): Promise<void>;
  loadCrashes(): Promise<void>;
  /** False (with folderError set) when the text is not a usable folder. */
  addFolder(text: string): boolean;
  removeFolder(folder: string): void;
  openCore(path: string, exe?: string): Promise<void>;
  captureLive(pidText: string): Promise<void>;
  loadRegisters(threadId?: number): Promise<void>;
  loadLibraries(): Promise<void>;
  closeAnalysis(): void;
  startWithCores(commandLine: string, cwd: string): Promise<void>;
  /** One look for the launched program's core; the page's timer calls it while watching. */
  checkLaunched(): Promise<void>;
  stopWatching(): void;
  /** Opens gdb on the core being shown (one at a time: a previous one is closed). */
  openGdb(): Promise<void>;
  /** Ends gdb and forgets its terminal. */
  closeGdb(): Promise<void>;
}

export interface CoreStoreOptions {
  clientOf?: () => TriageClient;
  storage?: StorageLike | null;
}

const failure = (error: unknown): { error: string; detail: string | null } => ({ error: describeError(error), detail: errorDetail(error) });

type SlotKey = 'status' | 'crashes' | 'analysis' | 'registers' | 'libraries' | 'launch';

export function createCoreStore(options: CoreStoreOptions = {}) {
  const clientOf = options.clientOf ?? getClient;
  const storage = options.storage === undefined ? preferenceStorage() : options.storage;
  // A newer request for the same slot wins: an answer to an older one is dropped, never shown.
  const generation: Record<SlotKey, number> = { status: 0, crashes: 0, analysis: 0, registers: 0, libraries: 0, launch: 0 };
  let checking = false;
  let gdbGeneration = 0;

  return create<CoreState>()((set, get) => {
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

    function fail<K extends SlotKey>(key: K, error: string): void {
      generation[key]++;
      set({ [key]: { phase: 'error', data: null, error, detail: null } } as Pick<CoreState, K>);
    }

    /** A new analysis invalidates everything asked about the previous one, its gdb terminal included. */
    function resetOnDemand(): void {
      generation.registers++;
      generation.libraries++;
      set({ registers: idleSlot(), libraries: idleSlot() });
      void get().closeGdb();
    }

    return {
      tab: 'crashes',
      status: idleSlot(),
      folders: loadFolders(storage),
      folderError: null,
      crashes: idleSlot(),
      ref: null,
      analysis: idleSlot(),
      registers: idleSlot(),
      libraries: idleSlot(),
      launch: idleSlot(),
      watch: { state: 'off' },
      gdb: { state: 'closed' },

      setTab(tab) {
        set({ tab });
      },

      async loadStatus() {
        await run('status', () => clientOf().call('core.status', {}));
      },

      async loadCrashes() {
        const folders = get().folders;
        await run('crashes', () => clientOf().call('core.list', { folders }));
      },

      addFolder(text) {
        const result = addFolder(get().folders, text);
        if (!result.ok) {
          set({ folderError: result.error });
          return false;
        }
        saveFolders(storage, result.folders);
        set({ folders: result.folders, folderError: null });
        return true;
      },

      removeFolder(folder) {
        const folders = removeFolder(get().folders, folder);
        saveFolders(storage, folders);
        set({ folders, folderError: null });
      },

      async openCore(path, exe) {
        const corePath = path.trim();
        const exePath = exe?.trim() || null;
        resetOnDemand();
        set({ ref: corePath ? { kind: 'core', path: corePath, exe: exePath } : null });
        if (!corePath) return fail('analysis', 'Type the full path of a core file, for example /home/you/project/core.1234.');
        await run('analysis', () => clientOf().call('core.open', exePath ? { path: corePath, exe: exePath } : { path: corePath }));
      },

      async captureLive(pidText) {
        resetOnDemand();
        const parsed = parsePid(pidText);
        set({ ref: parsed.ok ? { kind: 'live', pid: parsed.pid } : null });
        if (!parsed.ok) return fail('analysis', parsed.error);
        await run('analysis', () => clientOf().call('core.liveBacktrace', { pid: parsed.pid }));
      },

      async loadRegisters(threadId) {
        const ref = get().ref;
        if (ref?.kind !== 'core') return;
        await run('registers', () =>
          clientOf().call('core.registers', { path: ref.path, ...(ref.exe ? { exe: ref.exe } : {}), ...(threadId ? { threadId } : {}) }),
        );
      },

      async loadLibraries() {
        const ref = get().ref;
        if (ref?.kind !== 'core') return;
        await run('libraries', () => clientOf().call('core.libraries', { path: ref.path, ...(ref.exe ? { exe: ref.exe } : {}) }));
      },

      closeAnalysis() {
        generation.analysis++;
        resetOnDemand();
        set({ ref: null, analysis: idleSlot() });
      },

      async startWithCores(commandLine, cwd) {
        const split = splitCommandLine(commandLine);
        if (!split.ok) return fail('launch', split.error);
        const folder = cwd.trim();
        if (!folder.startsWith('/')) return fail('launch', 'Type the full path of the folder to run the program in (it starts with /).');
        set({ watch: { state: 'off' } });
        const started = await run('launch', () => clientOf().call('core.launchWithCores', { argv: split.argv, cwd: folder }));
        const launched = get().launch.data;
        if (started && launched) set({ watch: { state: 'watching', pid: launched.pid, cwd: launched.cwd } });
      },

      async checkLaunched() {
        const watch = get().watch;
        if (watch.state !== 'watching' || checking) return;
        checking = true;
        try {
          const client = clientOf();
          // Ask whether it still runs before looking: a core found after "gone" is then complete.
          const gone = await client.call('core.status', { pid: watch.pid }).then(
            () => false,
            (error: unknown) => errorCode(error) === 'ESRCH',
          );
          const list = await client.call('core.list', { folders: [watch.cwd, ...get().folders.filter((f) => f !== watch.cwd)] });
          const current = get().watch;
          if (current.state !== 'watching' || current.pid !== watch.pid) return;
          const core = list.crashes.find((c) => c.pid === watch.pid && c.openable && c.path !== null);
          if (core?.path) {
            set({ watch: { state: 'opened', pid: watch.pid, corePath: core.path } });
            // The backend finds the program from the core itself and says how it did.
            await get().openCore(core.path);
          } else if (gone) {
            set({
              watch: {
                state: 'ended',
                pid: watch.pid,
                message: `Process ${watch.pid} has ended and Triage found no core from it; it probably exited without crashing.`,
              },
            });
          }
        } catch {
          // A failed look is retried on the next tick; the launch itself already succeeded.
        } finally {
          checking = false;
        }
      },

      stopWatching() {
        set({ watch: { state: 'off' } });
      },

      async openGdb() {
        const ref = get().ref;
        if (ref?.kind !== 'core') return;
        const previous = get().gdb;
        const mine = ++gdbGeneration;
        set({ gdb: { state: 'opening' } });
        if (previous.state === 'open') void clientOf().call('terminal.close', { id: previous.id }).catch(() => undefined);
        try {
          // Only which core and program: the backend builds gdb's protected command line itself.
          const opened = await clientOf().call('terminal.openGdbOnCore', { path: ref.path, ...(ref.exe ? { exe: ref.exe } : {}) });
          if (mine !== gdbGeneration) {
            // Closed or replaced while it was starting: end it rather than leave it running unseen.
            void clientOf().call('terminal.close', { id: opened.id }).catch(() => undefined);
            return;
          }
          set({ gdb: { state: 'open', id: opened.id, argv: opened.argv } });
        } catch (error) {
          if (mine === gdbGeneration) set({ gdb: { state: 'error', ...failure(error) } });
        }
      },

      async closeGdb() {
        gdbGeneration++;
        const gdb = get().gdb;
        if (gdb.state === 'closed') return;
        set({ gdb: { state: 'closed' } });
        if (gdb.state === 'open') await clientOf().call('terminal.close', { id: gdb.id }).catch(() => undefined);
      },
    };
  });
}

export type CoreStore = ReturnType<typeof createCoreStore>;

export const useCore: CoreStore = createCoreStore();
