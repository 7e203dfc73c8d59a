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
    uninstall = installSnapshotInput(window, createSnapshotStore());
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
