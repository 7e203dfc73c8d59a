// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createThemeStore, parsePreference, resolveTheme, THEME_STORAGE_KEY, type ThemeEnvironment } from './theme.js';

/** The OS setting, which a test has to be able to flip: a MediaQueryList with real listeners. */
function systemScheme(dark: boolean) {
  const listeners = new Set<(event: { matches: boolean }) => void>();
  const media = {
    matches: dark,
    addEventListener: (_type: string, listener: (event: { matches: boolean }) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: { matches: boolean }) => void) => listeners.delete(listener),
    flip(next: boolean) {
      media.matches = next;
      for (const listener of listeners) listener({ matches: next });
    },
    get listenerCount() {
      return listeners.size;
    },
  };
  return media;
}

function environment(dark: boolean) {
  const env = { storage: window.localStorage, media: systemScheme(dark), root: document.documentElement };
  return env satisfies ThemeEnvironment;
}

afterEach(() => {
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe('theme preference', () => {
  it('resolves auto from the OS and keeps explicit choices', () => {
    expect(resolveTheme('auto', true)).toBe('dark');
    expect(resolveTheme('auto', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('falls back to auto for anything unknown in storage', () => {
    expect(parsePreference('dark')).toBe('dark');
    expect(parsePreference('DARK')).toBe('auto');
    expect(parsePreference('')).toBe('auto');
    expect(parsePreference(null)).toBe('auto');
  });
});

describe('theme store', () => {
  it('follows the OS while on auto, and writes the result onto <html data-theme>', () => {
    const env = environment(false);
    const store = createThemeStore(env);
    expect(store.getState().resolved).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    env.media.flip(true);
    expect(store.getState().resolved).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.documentElement.style.colorScheme).toBe('dark');
    store.dispose();
    expect(env.media.listenerCount).toBe(0);
  });

  it('an override wins over the OS and is remembered across restarts', () => {
    const env = environment(true);
    const store = createThemeStore(env);
    store.getState().setPreference('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    env.media.flip(false);
    env.media.flip(true);
    expect(store.getState().resolved).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    store.dispose();

    const restarted = createThemeStore(environment(true));
    expect(restarted.getState().preference).toBe('light');
    expect(restarted.getState().resolved).toBe('light');
    restarted.dispose();
  });

  it('going back to auto forgets the override and follows the OS again', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    const env = environment(false);
    const store = createThemeStore(env);
    expect(store.getState().resolved).toBe('dark');
    store.getState().setPreference('auto');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(store.getState().resolved).toBe('light');
    store.dispose();
  });

  it('still works where storage throws (a locked-down browser)', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const store = createThemeStore({ storage: throwing, media: null, root: document.documentElement });
    expect(store.getState().preference).toBe('auto');
    store.getState().setPreference('dark');
    expect(store.getState().resolved).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
