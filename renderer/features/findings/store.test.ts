import { afterEach, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../../native-bridge/contract/findings.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { until } from '../../../test-support/until.js';
import type { TriageClient } from '../../client/index.js';
import { createFindingsStore } from './store.js';

let connection: TestClient | undefined;
afterEach(() => connection?.close());

/** The real client, counting the streams the store holds open (as the backend sees them) and what each asked for. */
function countStreams(real: TriageClient) {
  const streams = { open: 0, asked: [] as unknown[], client: real };
  streams.client = {
    ...real,
    subscribe: ((method, input, handlers) => {
      streams.asked.push(input);
      streams.open++;
      const stop = real.subscribe(method, input, handlers);
      return () => {
        streams.open--;
        stop();
      };
    }) as TriageClient['subscribe'],
  } as TriageClient;
  return streams;
}

describe('findings store against the real backend', () => {
  it('parses reports only while the page is seen: hidden closes the stream, shown re-opens it with the current report', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-findings-store-' });
    const streams = countStreams(connection.client);
    const client = streams.client;
    let visible = true;
    const listeners = new Set<() => void>();
    const page = { visible: () => visible, onChange: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)) };
    const seen: FindingsReport[] = [];
    const store = createFindingsStore(() => client, (report) => (seen.push(report), false), page);

    store.getState().start();
    store.getState().start(); // every page mounts the badge: one stream, one visibility listener
    await until(() => store.getState().report !== null, 'a first report');
    expect(streams.open).toBe(1);
    expect(listeners.size).toBe(1);

    visible = false;
    for (const listener of listeners) listener();
    expect(streams.open).toBe(0);
    const hiddenAt = store.getState().report!.time;

    visible = true;
    for (const listener of listeners) listener();
    expect(streams.open).toBe(1);
    await until(() => (store.getState().report?.time ?? 0) > hiddenAt, 'a newer report once shown');
    // The start-page watcher saw every report the store kept.
    expect(seen.at(-1)).toBe(store.getState().report);
  });
});

describe('the pace the store asks for', () => {
  it('asks for a summary while only the badge shows, for every judgement while a page reads the findings', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-findings-pace-' });
    const streams = countStreams(connection.client);
    const { asked } = streams;
    const store = createFindingsStore(() => streams.client, undefined, null);

    store.getState().start();
    await until(() => store.getState().report !== null, 'a first report for the badge');
    expect(asked).toEqual([{ summary: true }]);

    const stopPage = store.getState().read();
    const stopPanel = store.getState().read();
    expect(asked).toEqual([{ summary: true }, { summary: false }]);
    expect(streams.open).toBe(1);

    stopPage();
    stopPage(); // a second call (React's strict effects) changes nothing
    expect(asked).toHaveLength(2);
    stopPanel();
    expect(asked).toEqual([{ summary: true }, { summary: false }, { summary: true }]);
    expect(streams.open).toBe(1);
  });
});
