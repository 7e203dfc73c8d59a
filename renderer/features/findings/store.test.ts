import { afterEach, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../../native-bridge/contract/findings.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { until } from '../../../test-support/until.js';
import type { TriageClient } from '../../client/index.js';
import { createFindingsStore } from './store.js';

let connection: TestClient | undefined;
afterEach(() => connection?.close());

describe('findings store against the real backend', () => {
  it('parses reports only while the page is seen: hidden closes the stream, shown re-opens it with the current report', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-findings-store-' });
    const real = connection.client;
    // Counts the streams the store holds open, as the backend would see them.
    let open = 0;
    const client = {
      ...real,
      subscribe: ((method, input, handlers) => {
        open++;
        const stop = real.subscribe(method, input, handlers);
        return () => {
          open--;
          stop();
        };
      }) as TriageClient['subscribe'],
    } as TriageClient;
    let visible = true;
    const listeners = new Set<() => void>();
    const page = { visible: () => visible, onChange: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)) };
    const seen: FindingsReport[] = [];
    const store = createFindingsStore(() => client, (report) => (seen.push(report), false), page);

    store.getState().start();
    store.getState().start(); // every page mounts the badge: one stream, one visibility listener
    await until(() => store.getState().report !== null, 'a first report');
    expect(open).toBe(1);
    expect(listeners.size).toBe(1);

    visible = false;
    for (const listener of listeners) listener();
    expect(open).toBe(0);
    const hiddenAt = store.getState().report!.time;

    visible = true;
    for (const listener of listeners) listener();
    expect(open).toBe(1);
    await until(() => (store.getState().report?.time ?? 0) > hiddenAt, 'a newer report once shown');
    // The start-page watcher saw every report the store kept.
    expect(seen.at(-1)).toBe(store.getState().report);
  });
});
