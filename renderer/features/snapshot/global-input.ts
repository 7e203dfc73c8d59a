import { snapshotHref } from './routes.js';
import type { SnapshotStore } from './store.js';

export const EXPORT_SHORTCUT_TEXT = 'Ctrl+Shift+S';

export function isExportShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code' | 'key'>): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && (event.code === 'KeyS' || event.key.toLowerCase() === 's');
}

const carriesFiles = (event: DragEvent): boolean => [...(event.dataTransfer?.types ?? [])].includes('Files');

/**
 * App-wide: Ctrl+Shift+S opens the export form from any page, and a file dropped anywhere on the window
 * opens as a snapshot (without this the browser would navigate away to the file). A page that handles its
 * own drops (core dumps) marks the event handled, and this leaves it alone. The store is loaded only when a
 * file is dropped: the first screen's code does not carry the snapshot feature.
 */
export function installSnapshotInput(target: Window, loadStore: () => Promise<SnapshotStore>): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (!isExportShortcut(event)) return;
    event.preventDefault();
    target.location.hash = snapshotHref('export');
  };
  const onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event) || event.defaultPrevented) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent): void => {
    const file = event.dataTransfer?.files[0];
    if (!file || event.defaultPrevented) return;
    event.preventDefault();
    target.location.hash = snapshotHref('open');
    void loadStore()
      .then((store) => store.getState().openFile(file, file.name || 'The dropped file'))
      .then((ok) => {
        if (ok) target.location.hash = snapshotHref('view');
      });
  };
  target.addEventListener('keydown', onKey);
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('drop', onDrop);
  return () => {
    target.removeEventListener('keydown', onKey);
    target.removeEventListener('dragover', onDragOver);
    target.removeEventListener('drop', onDrop);
  };
}
