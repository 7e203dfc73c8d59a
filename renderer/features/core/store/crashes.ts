import type { CoreStatus, CrashList } from '../../../../native-bridge/contract/index.js';
import { addFolder, loadFolders, removeFolder, saveFolders } from '../folders.js';
import { idleSlot, type Slot } from './slots.js';
import type { CoreSlice } from '../store.js';

export type CoreTab = 'crashes' | 'open' | 'live';

/** The crashes slice: the open tab, what the machine does with cores, and the crash list from the user's folders. */
export interface CrashesState {
  tab: CoreTab;
  status: Slot<CoreStatus>;
  folders: string[];
  folderError: string | null;
  crashes: Slot<CrashList>;

  setTab(tab: CoreTab): void;
  loadStatus(): Promise<void>;
  loadCrashes(): Promise<void>;
  /** False (with folderError set) when the text is not a usable folder. */
  addFolder(text: string): boolean;
  removeFolder(folder: string): void;
}

export const crashesSlice: CoreSlice<CrashesState> = (set, get, { clientOf, storage, requests }) => ({
  tab: 'crashes',
  status: idleSlot(),
  folders: loadFolders(storage),
  folderError: null,
  crashes: idleSlot(),

  setTab(tab) {
    set({ tab });
  },

  async loadStatus() {
    await requests.run('status', () => clientOf().call('core.status', {}));
  },

  async loadCrashes() {
    const folders = get().folders;
    await requests.run('crashes', () => clientOf().call('core.list', { folders }));
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
});
