import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TriageError } from '../../../native-bridge/contract/index.js';
import type { Backend, SystemSource } from '../../../native-bridge/server/backend.js';
import { createSystemCollector } from '../../../native-bridge/platform/system-collector.js';
import { connectTestClient } from '../../../test-support/real-backend.js';
import { createAboutStore } from './store.js';

describe('about store against the real backend', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function serve(system: SystemSource): { backend: Backend; store: ReturnType<typeof createAboutStore> } {
    const { backend, client, close } = connectTestClient({ system, prefix: 'triage-about-' });
    cleanups.push(close);
    return { backend, store: createAboutStore(() => client) };
  }

  it("loads this machine's inventory and the app's own info", async () => {
    const { store } = serve(createSystemCollector());
    await store.getState().load();
    const { status, inventory, app, error } = store.getState();
    expect(error).toBeNull();
    expect(status).toBe('ready');
    const memTotalKiB = Number(readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s+(\d+) kB$/m)![1]);
    expect(inventory!.memory.totalBytes).toBe(memTotalKiB * 1024);
    expect(inventory!.cpu.logicalCores).toBeGreaterThan(0);
    expect(app!.mode).toBe('web');
    expect(app!.pid).toBe(process.pid);
  });

  it('turns a failure into one plain sentence, and "Try again" really asks again', async () => {
    const real = createSystemCollector();
    let failures = 1;
    const { store } = serve({
      sample: () => real.sample(),
      inventory: () =>
        failures-- > 0
          ? Promise.reject(new TriageError('TOOL_MISSING', 'The inventory tool is not installed.'))
          : real.inventory(),
    });
    await store.getState().load();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBe("The machine's details could not be read: The inventory tool is not installed.");
    await store.getState().load();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().error).toBeNull();
  });

  it('loads once, and again only when forced', async () => {
    const real = createSystemCollector();
    let calls = 0;
    const { store } = serve({ sample: () => real.sample(), inventory: () => (calls++, real.inventory()) });
    await Promise.all([store.getState().load(), store.getState().load()]);
    await store.getState().load();
    expect(calls).toBe(1);
    // The backend caches inventory; a forced reload still makes the round trip and stays ready.
    await store.getState().load(true);
    expect(store.getState().status).toBe('ready');
  });
});
