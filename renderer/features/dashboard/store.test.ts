import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../native-bridge/contract/index.js';
import { createInProcessClient } from '../../../native-bridge/server/transports/in-process.js';
import { connectTestClient, realBackend, type TestClient } from '../../../test-support/real-backend.js';
import { makeSample, makeSeries } from './fixtures/samples.js';
import { RING_CAPACITY } from './ring.js';
import { createDashboardStore } from './store.js';
import { until } from '../../../test-support/until.js';

/** A store that is fed by hand: no client is ever asked for. */
function offlineStore(capacity?: number) {
  return createDashboardStore(() => {
    throw new Error('this test feeds the store directly');
  }, capacity);
}

describe('dashboard store: ring and window', () => {
  it('keeps at most RING_CAPACITY samples however many arrive', () => {
    const store = offlineStore();
    const start = 1_700_000_000_000;
    for (let i = 0; i < RING_CAPACITY + 500; i++) store.getState().ingest({ kind: 'sample', sample: makeSample(start + i * 500, i, 500) });
    const { samples } = store.getState();
    expect(samples).toHaveLength(RING_CAPACITY);
    expect(samples[samples.length - 1]!.time).toBe(start + (RING_CAPACITY + 499) * 500);
    // 15 minutes at 0.5 s fit: the 15-min window is full.
    store.getState().setWindow(15 * 60_000);
    expect(store.getState().view.length).toBeGreaterThanOrEqual(15 * 60 * 2);
  });

  it('shows the selected window ending at the newest sample', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(900, 2_000_000), intervalMs: 1000 });
    expect(store.getState().intervalMs).toBe(1000);
    expect(store.getState().status).toBe('live');
    expect(store.getState().windowMs).toBe(60_000);
    expect(store.getState().view).toHaveLength(62);
    store.getState().setWindow(5 * 60_000);
    expect(store.getState().view).toHaveLength(302);
    expect(store.getState().latest!.time).toBe(2_000_000);
    store.getState().ingest({ kind: 'sample', sample: makeSample(2_001_000, 1) });
    expect(store.getState().latest!.time).toBe(2_001_000);
    expect(store.getState().view[store.getState().view.length - 1]!.time).toBe(2_001_000);
  });

  it('a history message (after a reconnect) replaces what was there', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(100, 500_000), intervalMs: 1000 });
    store.getState().ingest({ kind: 'history', samples: makeSeries(3, 900_000, 2000), intervalMs: 2000 });
    expect(store.getState().samples.map((s) => s.time)).toEqual([896_000, 898_000, 900_000]);
    expect(store.getState().intervalMs).toBe(2000);
  });
});

describe('dashboard store: pause', () => {
  it('freezes what is displayed while still receiving, and resume jumps to live', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(120, 1_000_000), intervalMs: 1000 });
    store.getState().pause();
    const frozenView = store.getState().view;
    const frozenLatest = store.getState().latest;
    for (let i = 1; i <= 5; i++) store.getState().ingest({ kind: 'sample', sample: makeSample(1_000_000 + i * 1000, i) });

    const paused = store.getState();
    expect(paused.view).toBe(frozenView); // same reference: memoized charts do no work
    expect(paused.latest).toBe(frozenLatest);
    expect(paused.samples).toHaveLength(125);
    expect(paused.missedWhilePaused).toBe(5);

    // Changing the window while paused re-slices the frozen data, not the live data.
    store.getState().setWindow(5 * 60_000);
    expect(store.getState().latest!.time).toBe(1_000_000);
    expect(store.getState().view).toHaveLength(120);

    store.getState().resume();
    const live = store.getState();
    expect(live.paused).toBe(false);
    expect(live.frozen).toBeNull();
    expect(live.missedWhilePaused).toBe(0);
    expect(live.latest!.time).toBe(1_005_000);
    expect(live.view).toHaveLength(125);
  });

  it('pause and resume are idempotent', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(10, 1_000_000), intervalMs: 1000 });
    store.getState().pause();
    store.getState().ingest({ kind: 'sample', sample: makeSample(1_001_000, 1) });
    store.getState().pause(); // must not re-freeze at the newer sample
    expect(store.getState().latest!.time).toBe(1_000_000);
    store.getState().resume();
    store.getState().resume();
    expect(store.getState().latest!.time).toBe(1_001_000);
  });
});

describe('dashboard store: hidden page', () => {
  it('keeps a sample that arrives while hidden without drawing it, and the history on showing draws the newest window in one render', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(120, 1_000_000), intervalMs: 1000 });
    store.getState().setPageVisible(false);
    const hiddenView = store.getState().view;
    let notified = 0;
    const stopCounting = store.subscribe((state, previous) => {
      if (state.view !== previous.view || state.latest !== previous.latest) notified++;
    });
    // One already on its way when the stream closed.
    store.getState().ingest({ kind: 'sample', sample: makeSample(1_001_000, 1) });
    expect(notified).toBe(0);
    expect(store.getState().view).toBe(hiddenView);
    expect(store.getState().samples).toHaveLength(121);

    store.getState().setPageVisible(true);
    // The re-opened stream starts with the backend's history, which went on filling while hidden.
    store.getState().ingest({ kind: 'history', samples: makeSeries(125, 1_005_000), intervalMs: 1000 });
    expect(notified).toBe(1);
    expect(store.getState().latest!.time).toBe(1_005_000);
    expect(store.getState().view[store.getState().view.length - 1]!.time).toBe(1_005_000);
    stopCounting();
  });

  it('counts the samples a paused dashboard missed while hidden from the history it gets on showing', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(10, 1_000_000), intervalMs: 1000 });
    store.getState().pause();
    store.getState().setPageVisible(false);
    store.getState().setPageVisible(true);
    store.getState().ingest({ kind: 'history', samples: makeSeries(14, 1_004_000), intervalMs: 1000 });
    expect(store.getState().latest!.time).toBe(1_000_000);
    expect(store.getState().missedWhilePaused).toBe(4);
    store.getState().resume();
    expect(store.getState().latest!.time).toBe(1_004_000);
  });

  it('showing a paused dashboard keeps it paused at the same sample', () => {
    const store = offlineStore();
    store.getState().ingest({ kind: 'history', samples: makeSeries(10, 1_000_000), intervalMs: 1000 });
    store.getState().pause();
    store.getState().setPageVisible(false);
    store.getState().ingest({ kind: 'sample', sample: makeSample(1_001_000, 1) });
    store.getState().setPageVisible(true);
    expect(store.getState().latest!.time).toBe(1_000_000);
    expect(store.getState().missedWhilePaused).toBe(1);
    store.getState().resume();
    expect(store.getState().latest!.time).toBe(1_001_000);
  });
});

describe('dashboard store against the real backend (in-process transport, this machine /proc)', () => {
  let connection: TestClient | undefined;

  afterEach(() => connection?.close());

  it('subscribes once, fills from live samples, and changes the backend interval', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-dashboard-' });
    const { backend, client } = connection;
    // The page's visibility as a browser reports it; the test flips it as minimising a window would.
    let visible = true;
    const listeners = new Set<() => void>();
    const page = { visible: () => visible, onChange: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)) };
    const store = createDashboardStore(() => client, undefined, page);

    store.getState().start();
    store.getState().start(); // a second mount must not open a second subscription
    await until(() => store.getState().samples.length >= 2, 'two samples');
    expect(backend.metrics.subscriberCount).toBe(1);
    expect(listeners.size).toBe(1);

    // Hidden: the stream is closed (the backend sends nothing to this page); shown: re-opened, and its
    // history draws the newest sample the backend has, taken while the page was hidden.
    visible = false;
    for (const listener of listeners) listener();
    await until(() => backend.metrics.subscriberCount === 0, 'the backend to see the hidden page unsubscribe');
    const hiddenTime = store.getState().latest!.time;
    // Another consumer (findings, the recorder) keeps the backend sampling while the page is hidden.
    const other = backend.metrics.subscribe(() => {});
    await until(() => backend.metrics.history().some((s) => s.time > hiddenTime), 'a sample taken while hidden');
    expect(store.getState().latest!.time).toBe(hiddenTime);
    visible = true;
    for (const listener of listeners) listener();
    const newest = backend.metrics.history().at(-1)!.time;
    await until(() => (store.getState().latest?.time ?? 0) >= newest, 'the shown page to catch up from the history');
    expect(backend.metrics.subscriberCount).toBe(2);
    other();

    const latest = store.getState().latest!;
    const memTotalKiB = Number(readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s+(\d+) kB$/m)![1]);
    expect(latest.memory.totalBytes).toBe(memTotalKiB * 1024);

    await store.getState().setInterval(2000);
    expect(store.getState().intervalMs).toBe(2000);
    expect(store.getState().intervalPending).toBe(false);
    expect(backend.metrics.interval).toBe(2000);

    store.getState().stop();
    expect(store.getState().status).toBe('idle');
    expect(listeners.size).toBe(0);
    await until(() => backend.metrics.subscriberCount === 0, 'the backend to see the unsubscribe');
  });
});

describe('dashboard store: change markers', () => {
  const boot = { time: 1_700_000_000_000, kind: 'boot' as const, title: 'the machine booted', detail: 'btime' };
  const pkg = { time: 1_700_000_060_000, kind: 'package' as const, title: 'installed tiny 1.0', detail: 'install tiny:all <none> 1.0' };

  it('keeps the same markers array when an answer holds the same changes, so no chart redraws', () => {
    const store = offlineStore();
    store.getState().setChanges([boot, pkg]);
    const first = store.getState().changes;
    let notified = 0;
    const stop = store.subscribe(() => notified++);
    store.getState().setChanges([{ ...boot }, { ...pkg }]);
    expect(store.getState().changes).toBe(first);
    expect(notified).toBe(0);
    store.getState().setChanges([boot]);
    expect(store.getState().changes).toEqual([boot]);
    expect(notified).toBe(1);
    stop();
  });

  it('asks the real backend, and keeps drawn markers when asking fails', async () => {
    const backend = realBackend({ mode: 'cli', prefix: 'triage-markers-' });
    let failing = false;
    // The real backend; only "changes.list" is made to fail when asked to (a backend that lost its logs).
    const { client, close } = createInProcessClient(contract, {
      ...backend.implementation,
      'changes.list': async (input) => {
        if (failing) throw new Error('the logs are gone');
        return backend.implementation['changes.list'](input);
      },
    });
    try {
      const store = createDashboardStore(() => client);
      await store.getState().loadChanges();
      const drawn = store.getState().changes;
      // This machine booted long before the last 15 minutes: whatever is listed lies in the span, oldest first.
      expect(drawn.every((e, i) => i === 0 || drawn[i - 1]!.time <= e.time)).toBe(true);
      expect(store.getState().changesError).toBeNull();
      store.getState().setChanges([boot, pkg]);
      failing = true;
      await store.getState().loadChanges();
      expect(store.getState().changes).toEqual([boot, pkg]);
      expect(store.getState().changesError).toMatch(/^What changed could not be asked: /);
    } finally {
      close();
      backend.close();
    }
  });
});
