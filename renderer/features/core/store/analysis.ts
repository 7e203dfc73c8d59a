import type { CoreAnalysis, CoreLibraries, CoreRegisters, LiveBacktrace } from '../../../../native-bridge/contract/index.js';
import { parsePid } from '../route.js';
import { idleSlot, type Slot } from './slots.js';
import type { CoreSlice } from '../store.js';

/** What the analysis on screen came from; registers and libraries are asked for against the same core. */
export type AnalysisRef = { kind: 'core'; path: string; exe: string | null } | { kind: 'live'; pid: number };

/** The analysis slice: a core file or a live process analysed, and what is asked about it on demand. */
export interface AnalysisState {
  ref: AnalysisRef | null;
  analysis: Slot<CoreAnalysis | LiveBacktrace>;
  registers: Slot<CoreRegisters>;
  libraries: Slot<CoreLibraries>;

  openCore(path: string, exe?: string): Promise<void>;
  captureLive(pidText: string): Promise<void>;
  loadRegisters(threadId?: number): Promise<void>;
  loadLibraries(): Promise<void>;
  closeAnalysis(): void;
}

export const analysisSlice: CoreSlice<AnalysisState> = (set, get, { clientOf, requests }) => {
  const { run, fail } = requests;

  /** A new analysis invalidates everything asked about the previous one, its gdb terminal included. */
  function resetOnDemand(): void {
    requests.invalidate('registers');
    requests.invalidate('libraries');
    set({ registers: idleSlot(), libraries: idleSlot() });
    void get().closeGdb();
  }

  return {
    ref: null,
    analysis: idleSlot(),
    registers: idleSlot(),
    libraries: idleSlot(),

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
      requests.invalidate('analysis');
      resetOnDemand();
      set({ ref: null, analysis: idleSlot() });
    },
  };
};
