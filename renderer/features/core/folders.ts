/** The folders the user asked Triage to look in for cores, kept in localStorage between visits. */

export const FOLDERS_KEY = 'triage.core.folders';
/** The backend's limit for core.list (see the contract). */
export const MAX_FOLDERS = 32;

export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export type FolderResult = { ok: true; folders: string[] } | { ok: false; error: string };

function cleanFolder(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') || '/' : trimmed;
}

function isUsable(folder: string): boolean {
  return folder.startsWith('/') && !folder.includes('\0') && folder.length <= 4096;
}

/** Pure: adds a typed folder to the list, or says in one sentence why not. */
export function addFolder(folders: readonly string[], text: string): FolderResult {
  const folder = cleanFolder(text);
  if (!folder) return { ok: false, error: 'Type the full path of a folder, for example /home/you/projects.' };
  if (!isUsable(folder)) return { ok: false, error: `"${folder}" is not a full path: it has to start with /.` };
  if (folders.includes(folder)) return { ok: false, error: `${folder} is already in the list.` };
  if (folders.length >= MAX_FOLDERS) return { ok: false, error: `Triage looks in at most ${MAX_FOLDERS} folders; remove one first.` };
  return { ok: true, folders: [...folders, folder] };
}

export function removeFolder(folders: readonly string[], folder: string): string[] {
  return folders.filter((f) => f !== folder);
}

/** What was saved, or nothing: a damaged or hand-edited entry must not break the page. */
export function loadFolders(storage: StorageLike | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(FOLDERS_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    const folders: string[] = [];
    for (const item of parsed) {
      if (typeof item !== 'string') continue;
      const folder = cleanFolder(item);
      if (isUsable(folder) && !folders.includes(folder)) folders.push(folder);
    }
    return folders.slice(0, MAX_FOLDERS);
  } catch {
    return [];
  }
}

export function saveFolders(storage: StorageLike | null, folders: readonly string[]): void {
  try {
    storage?.setItem(FOLDERS_KEY, JSON.stringify(folders));
  } catch {
    // Storage full or disabled: the list still works for this visit.
  }
}
