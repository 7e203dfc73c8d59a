// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStreamMessage } from '../../../native-bridge/contract/index.js';
import { compileC, startHog, type RunningHog } from '../../../native-bridge/memory/test-support/memhog.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import type { TriageClient } from '../../client/index.js';
import { ALERT_CAPACITY, mergeAlerts, type AlertList } from './apply.js';
import { alert, pinInfo, point, verdict } from './fixtures/pins.js';
import { createMemoryStore } from './store.js';
import { until } from '../../../test-support/until.js';

const MiB = 1024 * 1024;

/** A store fed by hand: no client is ever asked (a client call would throw). */
function offlineStore() {
  return createMemoryStore(() => {
    throw new Error('no client in this test');
  });
}

type TickPins = Extract<MemoryStreamMessage, { kind: 'tick' }>['pins'];

const tick = (time: number, pins: TickPins, alerts: ReturnType<typeof alert>[] = []) =>
  MemoryStreamMessage.parse({ kind: 'tick', time, memAvailableBytes: 4096 * MiB, pins, alerts });

describe('memory store: stream messages', () => {
  it('history sets the pins, ticks append points and replace the verdict, unknown fields stay schema-valid', () => {
    const store = offlineStore();
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'history', intervalMs: 500, pins: [pinInfo('pin-1', { series: [point(1000, 10)] })] }));
    expect(store.getState().status).toBe('live');
    expect(store.getState().intervalMs).toBe(500);
    expect(store.getState().pins.map((p) => p.pinId)).toEqual(['pin-1']);

    const growing = verdict('growing', { rateMiBPerMin: 60, r2: 0.99, trend: { fromTime: 1000, fromBytes: 10 * MiB, toTime: 2000, toBytes: 11 * MiB } });
    store.getState().ingest(tick(2000, [{ pinId: 'pin-1', status: 'running', pid: 100, point: point(2000, 11), verdict: growing, restart: null }]));
    const pin = store.getState().pins[0]!;
    expect(pin.series.map((p) => p.rssBytes / MiB)).toEqual([10, 11]);
    expect(pin.verdict.kind).toBe('growing');
    expect(store.getState().memAvailableBytes).toBe(4096 * MiB);

    // A tick with no point (the process just exited) changes the status, not the series.
    store.getState().ingest(tick(3000, [{ pinId: 'pin-1', status: 'exited', pid: 100, point: null, verdict: growing, restart: null }]));
    expect(store.getState().pins[0]!.status).toBe('exited');
    expect(store.getState().pins[0]!.series).toHaveLength(2);
  });

  it('a restart followed by a name pin is recorded once, with the point that carries it', () => {
    const store = offlineStore();
    store.getState().ingest(
      MemoryStreamMessage.parse({ kind: 'pinned', pin: pinInfo('pin-7', { target: { kind: 'name', pattern: 'leaky' }, series: [point(1000, 5, 100)] }) }),
    );
    const restart = { time: 2000, oldPid: 100, newPid: 200 };
    store.getState().ingest(tick(2000, [{ pinId: 'pin-7', status: 'running', pid: 200, point: point(2000, 3, 200, true), verdict: verdict(), restart }]));
    // The same restart again (a resync raced the tick) does not make two markers.
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'pinned', pin: pinInfo('pin-7', { target: { kind: 'name', pattern: 'leaky' }, pid: 200, restarts: [restart], series: [point(1000, 5, 100), point(2000, 3, 200, true)] }) }));
    const pin = store.getState().pins[0]!;
    expect(pin.pid).toBe(200);
    expect(pin.restarts).toEqual([restart]);
    expect(pin.series.map((p) => [p.time, p.pid, p.restart])).toEqual([
      [1000, 100, false],
      [2000, 200, true],
    ]);
  });

  it('a pinned message older than the ticks keeps the newer series; unpinned removes the pin and its comparison', () => {
    const store = offlineStore();
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'pinned', pin: pinInfo('pin-1', { series: [point(1000, 1)] }) }));
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'pinned', pin: pinInfo('pin-2', { pinnedAt: 2000 }) }));
    store.getState().ingest(tick(2000, [{ pinId: 'pin-1', status: 'running', pid: 100, point: point(2000, 2), verdict: verdict('stable'), restart: null }]));
    // The memory.pin answer for pin-1 arrives late, with only the first point.
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'pinned', pin: pinInfo('pin-1', { series: [point(1000, 1)] }) }));
    const pin1 = store.getState().pins.find((p) => p.pinId === 'pin-1')!;
    expect(pin1.series.map((p) => p.time)).toEqual([1000, 2000]);
    expect(pin1.verdict.kind).toBe('stable');
    expect(store.getState().pins.map((p) => p.pinId)).toEqual(['pin-1', 'pin-2']);

    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'unpinned', pinId: 'pin-1' }));
    expect(store.getState().pins.map((p) => p.pinId)).toEqual(['pin-2']);
    expect(store.getState().compare['pin-1']).toBeUndefined();
  });

  it('a history after a reconnect drops pins the backend no longer has and keeps series already drawn', () => {
    const store = offlineStore();
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'history', intervalMs: 1000, pins: [pinInfo('pin-1', { series: [point(1000, 1), point(2000, 2)] }), pinInfo('pin-2')] }));
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'history', intervalMs: 1000, pins: [pinInfo('pin-1', { series: [point(2000, 2), point(3000, 3)] })] }));
    expect(store.getState().pins.map((p) => p.pinId)).toEqual(['pin-1']);
    expect(store.getState().pins[0]!.series.map((p) => p.time)).toEqual([1000, 2000, 3000]);
  });
});

describe('memory store: alerts', () => {
  it('keeps earlier alerts when many arrive, newest first, each once', () => {
    const store = offlineStore();
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'history', intervalMs: 1000, pins: [pinInfo('pin-1')] }));
    let id = 1;
    for (let t = 0; t < 50; t++) {
      const batch = Array.from({ length: 7 }, () => alert(id++));
      store.getState().ingest(tick(1000 + t, [], batch));
    }
    // The same alert from the backlog and from the stream counts once.
    store.getState().ingest(tick(2000, [], [alert(3), alert(4)]));
    const ids = store.getState().alerts.map((a) => a.alertId);
    expect(ids).toHaveLength(350);
    expect(ids[0]).toBe(350);
    expect(ids.at(-1)).toBe(1);
    expect(new Set(ids).size).toBe(350);
    expect(store.getState().alertsDropped).toBe(0);
    // A history (reconnect) does not clear them.
    store.getState().ingest(MemoryStreamMessage.parse({ kind: 'history', intervalMs: 1000, pins: [] }));
    expect(store.getState().alerts).toHaveLength(350);
  });

  it('past the capacity only the oldest fall off, and they are counted', () => {
    let list: AlertList = { alerts: [alert(1)], dropped: 0 };
    list = mergeAlerts(list, Array.from({ length: ALERT_CAPACITY + 4 }, (_, i) => alert(i + 2)));
    expect(list.alerts).toHaveLength(ALERT_CAPACITY);
    expect(list.alerts[0]!.alertId).toBe(ALERT_CAPACITY + 5);
    expect(list.alerts.at(-1)!.alertId).toBe(6);
    expect(list.dropped).toBe(5);
  });
});

describe('memory store on the real backend', () => {
  let connection: TestClient;
  let client: TriageClient;
  let memhog: string;
  const hogs: RunningHog[] = [];

  beforeAll(() => {
    connection = connectTestClient({ prefix: 'triage-memory-store-' });
    client = connection.client;
    memhog = compileC('memhog', connection.configDir);
  });

  afterAll(async () => {
    await Promise.all(hogs.map((h) => h.stop()));
    connection.close();
  });

  it('pins a growing child by pid and start time, follows its rise, raises and keeps a size alert, unpins', async () => {
    const hog = await startHog(memhog, ['grow', '4', '300']);
    hogs.push(hog);
    const store = createMemoryStore(() => client);
    store.getState().start();
    await until(() => store.getState().status === 'live', 'the stream');

    // A wrong start time is a reused pid: refused with a sentence, nothing pinned.
    expect(await store.getState().pinProcess(hog.pid, 1)).toBeNull();
    expect(store.getState().notice).toMatch(/belongs to another program/);
    expect(store.getState().pins).toHaveLength(0);

    const pin = await store.getState().pinPid(hog.pid);
    expect(pin).not.toBeNull();
    expect(store.getState().notice).toBeNull();
    // The pid + start time pair other features pass in pins the same process (no duplicate).
    await store.getState().pinProcess(hog.pid, pin!.startTime!);
    expect(store.getState().pins).toHaveLength(1);

    await until(() => (store.getState().pins[0]?.series.length ?? 0) >= 4, 'four samples');
    const series = store.getState().pins[0]!.series;
    expect(series.at(-1)!.rssBytes).toBeGreaterThan(series[0]!.rssBytes);
    expect(series.every((p, i) => i === 0 || p.time > series[i - 1]!.time)).toBe(true);

    // A size limit just above the current size: crossed as the child keeps growing.
    const limit = series.at(-1)!.rssBytes + 2 * MiB;
    expect(await store.getState().setLimit(pin!.pinId, { sizeBytes: limit, rateMiBPerMin: null })).toBe(true);
    expect(store.getState().pins[0]!.limits.sizeBytes).toBe(limit);
    await until(() => store.getState().alerts.length >= 1, 'an alert');
    const first = store.getState().alerts[0]!;
    expect(first.kind).toBe('size');
    expect(first.pid).toBe(hog.pid);
    expect(first.value).toBeGreaterThan(limit);

    // A new, lower limit re-arms: a second alert arrives and the first one stays in the list.
    await store.getState().setLimit(pin!.pinId, { sizeBytes: MiB, rateMiBPerMin: null });
    await until(() => store.getState().alerts.length >= 2, 'a second alert');
    expect(store.getState().alerts.map((a) => a.alertId)).toContain(first.alertId);

    // A fresh store (a page reload) gets the backlog from memory.alerts.
    const reloaded = createMemoryStore(() => client);
    reloaded.getState().start();
    await until(() => reloaded.getState().alerts.length >= 2, 'the alert backlog');
    expect(reloaded.getState().pins.map((p) => p.pinId)).toEqual([pin!.pinId]);
    reloaded.getState().stop();

    // What grew: the anonymous group grew between the pin-time snapshot and now.
    await store.getState().compareMaps(pin!.pinId);
    const compared = store.getState().compare[pin!.pinId]!;
    expect(compared.status).toBe('ready');
    const anon = compared.result!.groups.find((g) => g.group === 'anonymous');
    expect(anon!.deltaBytes).toBeGreaterThan(MiB);
    expect(store.getState().pins[0]!.snapshots.length).toBeGreaterThanOrEqual(2);

    await store.getState().unpin(pin!.pinId);
    expect(store.getState().pins).toHaveLength(0);
    store.getState().stop();
  });
});
