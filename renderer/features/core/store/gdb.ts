import { failure } from './slots.js';
import type { CoreSlice } from '../store.js';

/** "Continue in gdb": an interactive gdb on the analysed core, in a backend terminal. */
export type GdbTerminal =
  | { state: 'closed' }
  | { state: 'opening' }
  | { state: 'open'; id: string; argv: string[] }
  | { state: 'error'; error: string; detail: string | null };

/** The gdb slice: at most one interactive gdb terminal, on the core being shown. */
export interface GdbState {
  gdb: GdbTerminal;

  /** Opens gdb on the core being shown (one at a time: a previous one is closed). */
  openGdb(): Promise<void>;
  /** Ends gdb and forgets its terminal. */
  closeGdb(): Promise<void>;
}

export const gdbSlice: CoreSlice<GdbState> = (set, get, { clientOf }) => {
  // Like the slots' generations: a terminal opened for a request that was since closed or replaced is ended.
  let gdbGeneration = 0;

  return {
    gdb: { state: 'closed' },

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
};
