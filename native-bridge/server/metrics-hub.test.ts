import { describe, expect, it } from 'vitest';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { HISTORY_CAPACITY, MetricsHub } from './metrics-hub.js';
import { Ring } from '../shared/ring.js';
import { SamplingClock } from '../shared/sampling-clock.js';

const until = async (condition: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Ring', () => {
  it('keeps the newest items in order and drops the oldest', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.latest()).toBe(5);
    expect(ring.size).toBe(3);
  });

  it('drops from the oldest end on request, and keeps wrapping correctly afterwards', () => {
    const ring = new Ring<number>(4);
    for (let i = 1; i <= 6; i++) ring.push(i);
    ring.dropOldestWhile((n) => n < 5);
    expect(ring.toArray()).toEqual([5, 6]);
    for (let i = 7; i <= 10; i++) ring.push(i);
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
    ring.dropOldestWhile(() => true);
    expect(ring.size).toBe(0);
    expect(ring.latest()).toBeUndefined();
  });
});

describe('MetricsHub (real /proc sampler)', () => {
  function countingHub(intervalMs = 500) {
    const source = createSystemCollector();
    let calls = 0;
    const clock = new SamplingClock({ intervalMs });
    const hub = new MetricsHub(clock, async (): Promise<SystemSample> => {
      calls++;
      return source.sample();
    });
    return { hub, clock, calls: () => calls };
  }

  it('holds at least 15 minutes at the fastest interval', () => {
    expect(HISTORY_CAPACITY * 500).toBeGreaterThanOrEqual(15 * 60 * 1000);
  });

  it('samples nothing without subscribers', async () => {
    const { calls } = countingHub();
    await new Promise((r) => setTimeout(r, 700));
    expect(calls()).toBe(0);
  });

  it('samples once per interval for many subscribers, sends history first, stops after the last leaves', async () => {
    const { hub, calls } = countingHub(500);
    const a: MetricsMessage[] = [];
    const b: MetricsMessage[] = [];
    const stopA = hub.subscribe((m) => a.push(m));
    const stopB = hub.subscribe((m) => b.push(m));
    await until(() => a.length >= 4);
    stopA();
    stopB();
    const samplesSeen = a.filter((m) => m.kind === 'sample').length;
    // Two subscribers, one sampler: calls track ticks, not ticks × subscribers.
    expect(calls()).toBeLessThanOrEqual(samplesSeen + 1);
    expect(a[0]?.kind).toBe('history');
    expect(b[0]?.kind).toBe('history');
    const late: MetricsMessage[] = [];
    const stopLate = hub.subscribe((m) => late.push(m));
    stopLate();
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ kind: 'history' });
    expect((late[0] as { samples: unknown[] }).samples.length).toBe(hub.history().length);
    const after = calls();
    await new Promise((r) => setTimeout(r, 1200));
    expect(calls()).toBe(after);
  });

  it('keeps the last historyMs of samples, whatever the interval', async () => {
    const source = createSystemCollector();
    const hub = new MetricsHub(new SamplingClock({ intervalMs: 500 }), () => source.sample(), 1200);
    const samples: SystemSample[] = [];
    const stop = hub.subscribe((m) => m.kind === 'sample' && samples.push(m.sample));
    await until(() => samples.length >= 6, 15_000);
    stop();
    const history = hub.history();
    const newest = history.at(-1)!.time;
    expect(history.every((s) => s.time >= newest - 1200)).toBe(true);
    // Six samples at least 500 ms apart were taken; only those within 1.2 s of the newest are left (three at most).
    expect(history.length).toBeLessThanOrEqual(3);
  });

  it('follows a new interval', async () => {
    const { hub, clock } = countingHub(500);
    clock.setInterval(2000);
    const times: number[] = [];
    const stop = hub.subscribe((m) => {
      if (m.kind === 'sample') times.push(m.sample.time);
    });
    await until(() => times.length >= 2, 15_000);
    stop();
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1500);
  });
});

describe('MetricsHub.prime', () => {
  it('puts one sample in the ring so the first subscriber can draw at once', async () => {
    const source = createSystemCollector();
    const hub = new MetricsHub(new SamplingClock({ intervalMs: 1000 }), () => source.sample());
    await hub.prime();
    await hub.prime();
    expect(hub.history()).toHaveLength(1);
    const first: MetricsMessage[] = [];
    const stop = hub.subscribe((m) => first.push(m));
    stop();
    expect(first[0]).toMatchObject({ kind: 'history' });
    expect((first[0] as { samples: unknown[] }).samples).toHaveLength(1);
  });
});
