import type { DeletedFilesResult, DiskIoResult, FilesystemsResult, OpenFilesResult } from '../../../../native-bridge/contract/index.js';
import type { Loadable } from '../store.js';
import { empty, type NetworkSlice } from './deps.js';

/** The Open files, Deleted but open and Disk & I/O tabs. */
export interface FilesState {
  /** What the user typed into the pid box of Open files. */
  openPid: string;
  openFiles: Loadable<OpenFilesResult>;
  deleted: Loadable<DeletedFilesResult>;
  filesystems: Loadable<FilesystemsResult>;
  io: Loadable<DiskIoResult>;

  setOpenPid(text: string): void;
  /** Loads the open files of the pid typed (or given); a bad pid gets a sentence, no request. */
  loadOpenFiles(pid?: number): Promise<void>;
  refreshDeleted(): Promise<void>;
  refreshFilesystems(): Promise<void>;
  refreshIo(): Promise<void>;
}

/** Parses a pid typed by a person; the backend validates again, this only saves a round trip. */
function parsePidText(text: string): number | { error: string } {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1) return { error: 'Type a process id: a whole number such as 1234.' };
  return Number(t);
}

export const filesSlice: NetworkSlice<FilesState> = (set, get, { clientOf, load }) => ({
  openPid: '',
  openFiles: empty(),
  deleted: empty(),
  filesystems: empty(),
  io: empty(),

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
});
