// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { addFolder, FOLDERS_KEY, loadFolders, MAX_FOLDERS, removeFolder, saveFolders } from './folders.js';
import { createCoreStore } from './store.js';

function offlineStore() {
  return createCoreStore({
    clientOf: () => {
      throw new Error('these tests never reach the backend');
    },
    storage: window.localStorage,
  });
}

afterEach(() => window.localStorage.clear());

describe('crash-list folders (pure)', () => {
  it('adds full paths, trimmed and without a trailing slash', () => {
    expect(addFolder([], '  /home/me/project/ ')).toEqual({ ok: true, folders: ['/home/me/project'] });
    expect(addFolder([], '/')).toEqual({ ok: true, folders: ['/'] });
  });

  it('refuses relative paths, blanks, duplicates and more than the backend accepts, each with a sentence', () => {
    expect(addFolder([], 'project')).toMatchObject({ ok: false, error: expect.stringMatching(/has to start with \//) });
    expect(addFolder([], '   ')).toMatchObject({ ok: false, error: expect.stringMatching(/Type the full path/) });
    expect(addFolder(['/a'], '/a/')).toMatchObject({ ok: false, error: '/a is already in the list.' });
    const full = Array.from({ length: MAX_FOLDERS }, (_, i) => `/f${i}`);
    expect(addFolder(full, '/one-more')).toMatchObject({ ok: false, error: expect.stringMatching(/at most 32/) });
  });

  it('removes exactly the one folder', () => {
    expect(removeFolder(['/a', '/b', '/c'], '/b')).toEqual(['/a', '/c']);
  });

  it('loads only usable entries from damaged storage', () => {
    window.localStorage.setItem(FOLDERS_KEY, '{not json');
    expect(loadFolders(window.localStorage)).toEqual([]);
    window.localStorage.setItem(FOLDERS_KEY, JSON.stringify({ folders: ['/a'] }));
    expect(loadFolders(window.localStorage)).toEqual([]);
    window.localStorage.setItem(FOLDERS_KEY, JSON.stringify(['/a/', 7, 'relative', '/a', null, '/b']));
    expect(loadFolders(window.localStorage)).toEqual(['/a', '/b']);
    expect(loadFolders(null)).toEqual([]);
  });

  it('round-trips through storage', () => {
    saveFolders(window.localStorage, ['/x', '/y z']);
    expect(loadFolders(window.localStorage)).toEqual(['/x', '/y z']);
  });
});

describe('crash-list folders in the store', () => {
  it('a folder added in one visit is there in the next; a removed one is gone', () => {
    const first = offlineStore();
    expect(first.getState().folders).toEqual([]);
    expect(first.getState().addFolder('/var/tmp/cores/')).toBe(true);
    expect(first.getState().addFolder('/srv/app')).toBe(true);
    expect(JSON.parse(window.localStorage.getItem(FOLDERS_KEY)!)).toEqual(['/var/tmp/cores', '/srv/app']);

    const second = offlineStore();
    expect(second.getState().folders).toEqual(['/var/tmp/cores', '/srv/app']);
    second.getState().removeFolder('/var/tmp/cores');

    expect(offlineStore().getState().folders).toEqual(['/srv/app']);
  });

  it('a bad folder sets the sentence and changes nothing; a good one clears it', () => {
    const store = offlineStore();
    expect(store.getState().addFolder('cores')).toBe(false);
    expect(store.getState().folderError).toMatch(/not a full path/);
    expect(store.getState().folders).toEqual([]);
    expect(window.localStorage.getItem(FOLDERS_KEY)).toBeNull();
    expect(store.getState().addFolder('/cores')).toBe(true);
    expect(store.getState().folderError).toBeNull();
  });
});
