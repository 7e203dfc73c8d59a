import { PREFERENCE_KEYS, type PreferenceKey, type Preferences } from '../../native-bridge/contract/preferences.js';
import type { TriageClient } from '../client/index.js';

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isPreferenceKey(key: string): key is PreferenceKey {
  return (PREFERENCE_KEYS as readonly string[]).includes(key);
}

function browserLocalStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

/**
 * A synchronous Storage whose known keys live in the backend's preferences file, so choices survive
 * a restart of web mode (a new port is a new origin with an empty localStorage). localStorage is only
 * the fallback for when the backend cannot be reached, and the home of keys that are not preferences.
 */
export interface PreferenceStorage extends StorageLike {
  /** Settles when every write made so far has reached the backend (or failed). */
  saved(): Promise<void>;
}

export function createPreferenceStorage(client: TriageClient, initial: Preferences | null, local: StorageLike | null): PreferenceStorage {
  const values = new Map<string, string>(Object.entries(initial ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const remote = initial !== null;
  // Writes go out one after another so the file ends with the last choice, not the slowest answer.
  let queue: Promise<unknown> = Promise.resolve();
  const save = (key: PreferenceKey, value: string | null): void => {
    queue = queue
      .then(() => client.call('preferences.set', { key, value }))
      .catch((error: unknown) => console.warn(`Triage could not save the preference ${key}:`, error));
  };
  return {
    saved: () => queue.then(() => undefined),
    getItem(key) {
      if (remote && isPreferenceKey(key)) return values.get(key) ?? null;
      return local?.getItem(key) ?? null;
    },
    setItem(key, value) {
      if (remote && isPreferenceKey(key)) {
        values.set(key, value);
        save(key, value);
      } else local?.setItem(key, value);
    },
    removeItem(key) {
      if (remote && isPreferenceKey(key)) {
        values.delete(key);
        save(key, null);
      } else local?.removeItem(key);
    },
  };
}

let appStorage: StorageLike | null = null;

/** Fetches the preferences once before the UI renders; after timeoutMs the UI starts on localStorage alone. */
export async function loadPreferenceStorage(client: TriageClient, timeoutMs = 2000): Promise<StorageLike> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const initial = await Promise.race([client.call('preferences.get', {}).catch(() => null), timeout]);
  clearTimeout(timer);
  appStorage = createPreferenceStorage(client, initial, browserLocalStorage());
  return appStorage;
}

/** The app's preference storage; before loadPreferenceStorage has finished (tests, early code) it is localStorage. */
export function preferenceStorage(): StorageLike {
  return appStorage ?? browserLocalStorage() ?? { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
}
