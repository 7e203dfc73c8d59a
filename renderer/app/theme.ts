import { create } from 'zustand';
import { preferenceStorage } from './preference-storage.js';

export type ThemePreference = 'auto' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'triage.theme';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['auto', 'light', 'dark'];

/** Anything unknown in storage (an old value, a hand edit) falls back to following the OS. */
export function parsePreference(raw: string | null | undefined): ThemePreference {
  return raw === 'light' || raw === 'dark' || raw === 'auto' ? raw : 'auto';
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  if (preference === 'auto') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/** The `(prefers-color-scheme: dark)` media query list: what the theme reads of it. */
export interface ColorSchemeQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
}

/** The bits of the browser the theme needs, so tests can hand in their own. */
export interface ThemeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Null where matchMedia is missing. */
  media: ColorSchemeQuery | null;
  root: HTMLElement | null;
}

export interface ThemeState {
  preference: ThemePreference;
  systemDark: boolean;
  resolved: ResolvedTheme;
  setPreference(preference: ThemePreference): void;
}

function readStorage(storage: ThemeEnvironment['storage']): string | null {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    // Storage can throw (disabled, sandboxed): the theme then simply is not remembered.
    return null;
  }
}

function apply(root: HTMLElement | null, resolved: ResolvedTheme): void {
  if (!root) return;
  root.dataset.theme = resolved;
  root.style.colorScheme = resolved;
}

/**
 * A theme store bound to an environment: follows the OS while the preference is "auto", remembers an
 * explicit choice, and writes the resolved theme onto <html data-theme> where the CSS variables key off it.
 */
export function createThemeStore(env: ThemeEnvironment) {
  const preference = parsePreference(readStorage(env.storage));
  const systemDark = env.media?.matches ?? false;
  const store = create<ThemeState>()((set, get) => ({
    preference,
    systemDark,
    resolved: resolveTheme(preference, systemDark),
    setPreference(next) {
      try {
        if (next === 'auto') env.storage?.removeItem(THEME_STORAGE_KEY);
        else env.storage?.setItem(THEME_STORAGE_KEY, next);
      } catch {
        // Not remembered, still applied.
      }
      set({ preference: next, resolved: resolveTheme(next, get().systemDark) });
    },
  }));
  apply(env.root, store.getState().resolved);
  store.subscribe((state, previous) => {
    if (state.resolved !== previous.resolved) apply(env.root, state.resolved);
  });
  const onSystemChange = (event: { matches: boolean }): void => {
    const { preference: current } = store.getState();
    store.setState({ systemDark: event.matches, resolved: resolveTheme(current, event.matches) });
  };
  env.media?.addEventListener('change', onSystemChange);
  return Object.assign(store, {
    dispose: () => env.media?.removeEventListener('change', onSystemChange),
  });
}

export function browserThemeEnvironment(): ThemeEnvironment {
  return {
    storage: preferenceStorage(),
    media: typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null,
    root: document.documentElement,
  };
}

let appTheme: ReturnType<typeof createThemeStore> | null = null;

/** The app's one theme store, created on first use against the real browser. */
export function getThemeStore(): ReturnType<typeof createThemeStore> {
  appTheme ??= createThemeStore(browserThemeEnvironment());
  return appTheme;
}

export function useResolvedTheme(): ResolvedTheme {
  return getThemeStore()((state) => state.resolved);
}
