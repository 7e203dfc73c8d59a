import { afterEach, describe, expect, it } from 'vitest';
import { connectTestClient } from '../../test-support/real-backend.js';
import { createPreferenceStorage, type StorageLike } from './preference-storage.js';

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A real backend on a config dir, as one launch of Triage would have it (a new temp dir unless one is given). */
function launch(configDir?: string) {
  const launched = connectTestClient({ configDir, prefix: 'triage-prefstore-' });
  cleanups.push(launched.close);
  return launched;
}

describe('preference storage', () => {
  it('keeps a theme and a view across a restart while localStorage starts empty', async () => {
    const { client: first, configDir } = launch();
    const storage = createPreferenceStorage(first, await first.call('preferences.get', {}), memoryStorage());
    storage.setItem('triage.theme', 'dark');
    storage.setItem('triage.processes.view', '{"version":1}');
    storage.setItem('triage.theme', 'light');
    storage.removeItem('triage.processes.view');
    await storage.saved();

    // A new launch: a new origin (empty localStorage), the same config dir.
    const { client: second } = launch(configDir);
    const local = memoryStorage();
    const reopened = createPreferenceStorage(second, await second.call('preferences.get', {}), local);
    expect(reopened.getItem('triage.theme')).toBe('light');
    expect(reopened.getItem('triage.processes.view')).toBeNull();
    expect(local.map.size).toBe(0);
  });

  it('keeps keys that are not preferences, and everything when the backend was unreachable, in localStorage', async () => {
    const { client } = launch();
    const local = memoryStorage();
    const storage = createPreferenceStorage(client, await client.call('preferences.get', {}), local);
    storage.setItem('some.other.key', 'x');
    expect(local.map.get('some.other.key')).toBe('x');

    const offline = createPreferenceStorage(client, null, local);
    offline.setItem('triage.theme', 'dark');
    await offline.saved();
    expect(local.map.get('triage.theme')).toBe('dark');
    expect(await client.call('preferences.get', {})).toEqual({});
  });
});
