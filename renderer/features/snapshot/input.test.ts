// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { checkSavePath } from './format.js';
import { installSnapshotInput, isExportShortcut } from './global-input.js';
import { parseSubRoute } from './routes.js';
import { createSnapshotStore } from './store.js';

let uninstall: () => void = () => undefined;
afterEach(() => uninstall());

describe('app-wide snapshot input', () => {
  it('Ctrl+Shift+S from any page opens the export form; other keys do nothing', () => {
    uninstall = installSnapshotInput(window, () => Promise.resolve(createSnapshotStore()));
    window.location.hash = '#/processes';
    const plain = new KeyboardEvent('keydown', { key: 's', code: 'KeyS', ctrlKey: true, bubbles: true, cancelable: true });
    window.dispatchEvent(plain);
    expect(window.location.hash).toBe('#/processes');
    const shortcut = new KeyboardEvent('keydown', { key: 'S', code: 'KeyS', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true });
    window.dispatchEvent(shortcut);
    expect(shortcut.defaultPrevented).toBe(true);
    expect(window.location.hash).toBe('#/snapshots/export');
    expect(isExportShortcut({ ctrlKey: true, metaKey: false, shiftKey: true, altKey: true, code: 'KeyS', key: 'S' })).toBe(false);
  });

  it('a dropped file loads the snapshot store only then, and opens the file in it', async () => {
    let loads = 0;
    const opened: string[] = [];
    const store = createSnapshotStore();
    // Only the action this test watches is replaced; the rest of the store is the real one.
    store.setState({ openFile: async (file: File) => (opened.push(file.name), true) } as never);
    uninstall = installSnapshotInput(window, async () => (loads++, store));
    window.location.hash = '#/dashboard';
    expect(loads).toBe(0);
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    const file = new File(['{}'], 'capture.triage.json.gz');
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
    window.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await expect.poll(() => window.location.hash).toBe('#/snapshots/view');
    expect(loads).toBe(1);
    expect(opened).toEqual(['capture.triage.json.gz']);
  });

  it('reads its own sub-route and nobody else’s', () => {
    expect(parseSubRoute('#/snapshots/view')).toBe('view');
    expect(parseSubRoute('#/snapshots')).toBeNull();
    expect(parseSubRoute('#/snapshots/elsewhere')).toBeNull();
    expect(parseSubRoute('#/core/open')).toBeNull();
  });

  it('checks a typed save path before the backend sees it', () => {
    expect(checkSavePath('  ')).toEqual({ path: null, error: null });
    expect(checkSavePath(' /tmp/a.gz ')).toEqual({ path: '/tmp/a.gz', error: null });
    expect(checkSavePath('a.gz').error).toMatch(/full path/);
    expect(checkSavePath('/tmp/').error).toMatch(/folder/);
  });
});
