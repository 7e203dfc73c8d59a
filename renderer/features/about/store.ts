import { create } from 'zustand';
import type { AppInfo, Inventory } from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';

export type AboutStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface AboutState {
  status: AboutStatus;
  inventory: Inventory | null;
  app: AppInfo | null;
  /** One plain sentence, or null. */
  error: string | null;
  /** Loads once; again only after an error or when forced (the "Refresh" button). */
  load(force?: boolean): Promise<void>;
}

export function createAboutStore(clientOf: () => TriageClient = getClient) {
  return create<AboutState>()((set, get) => ({
    status: 'idle',
    inventory: null,
    app: null,
    error: null,
    async load(force = false) {
      const { status } = get();
      if (status === 'loading' || (status === 'ready' && !force)) return;
      set({ status: 'loading', error: null });
      try {
        const client = clientOf();
        // Inventory can take seconds (systeminformation shells out): ask for both at once.
        const [inventory, app] = await Promise.all([client.call('system.inventory', {}), client.call('app.info', {})]);
        set({ status: 'ready', inventory, app });
      } catch (error) {
        set({ status: 'error', error: `The machine's details could not be read: ${describeError(error)}` });
      }
    },
  }));
}

export const useAbout = createAboutStore();
