import { afterEach, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { INTERVAL_MS } from '../contract/system.js';
import { SamplingClock, type TickTime } from './sampling-clock.js';
import { until } from '../../test-support/until.js';

const clocks: SamplingClock[] = [];
function clock(intervalMs: number, onError?: (error: unknown) => void): SamplingClock {
  const made = new SamplingClock({ intervalMs, onError });
  clocks.push(made);
  return made;
}
afterEach(() => {
  for (const c of clocks.splice(0)) c.close();
});

/** Busy-waits: a tick that really holds the event loop, as a slow /proc walk does. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('SamplingClock', () => {
  it('ticks every feed at the same instants, once per interval whatever the number of listeners', async () => {
    const c = clock(100);
    const a: TickTime[] = [];
    const b: TickTime[] = [];
    let aCalls = 0;
    const feedA = c.feed({ name: 'a', tick: (t) => (aCalls++, a.push(t), aCalls) });
    const feedB = c.feed({ name: 'b', tick: (t) => (b.push(t), 0) });
    const heard: number[] = [];
    const offs = [
      feedA.subscribe({ next: (v) => heard.push(v) }),
      feedA.subscribe({ next: () => undefined }),
      feedB.subscribe({ next: () => undefined }),
    ];
    await until(() => a.length >= 5 && b.length >= 5, 'five ticks of each feed');
    for (const off of offs) off();
    // Two listeners, one tick each time.
    expect(heard).toEqual(Array.from({ length: heard.length }, (_, i) => i + 1));
    expect(aCalls).toBe(heard.length);
    // Same run, same instant: the two feeds' ticks start within a few ms of each other.
    for (let i = 0; i < 4; i++) expect(Math.abs(a[i]!.monoMs - b[i]!.monoMs)).toBeLessThan(40);
    // Elapsed time is measured, not assumed.
    expect(a[0]!.elapsedMs).toBeNull();
    for (let i = 1; i < a.length; i++) expect(a[i]!.elapsedMs).toBeCloseTo(a[i]!.monoMs - a[i - 1]!.monoMs, 6);
  });

  it('samples nothing without consumers, keeps ticking while held, and stops its timer when the last leaves', async () => {
    const c = clock(100);
    let calls = 0;
    let started = 0;
    let stopped = 0;
    const feed = c.feed({ name: 'held', tick: () => ++calls, start: () => started++, stop: () => stopped++ });
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(0);
    expect(c.running).toBe(false);
    const release = feed.hold();
    expect(started).toBe(1);
    await until(() => calls >= 3, 'ticks while held');
    release();
    release();
    expect(stopped).toBe(1);
    expect(c.running).toBe(false);
    const after = calls;
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(after);
  });

  it('sets one interval for every feed, inside the one range the contract declares', async () => {
    const c = clock(100);
    const times: number[] = [];
    const off = c.feed({ name: 'paced', tick: (t) => times.push(t.monoMs) }).subscribe({ next: () => undefined });
    await until(() => times.length >= 2, 'two ticks at 100 ms');
    c.setInterval(400);
    const setAt = performance.now();
    const from = times.length;
    await until(() => times.length >= from + 3, 'three ticks at 400 ms');
    off();
    // Each instant is 400 ms after the previous one (a late timer shortens the next wait, never adds a tick).
    const paced = times.slice(from);
    expect(paced.at(-1)! - setAt).toBeGreaterThanOrEqual(paced.length * 400 - 5);
    for (const bad of [INTERVAL_MS.min - 1, INTERVAL_MS.max + 1, 250.5]) {
      const error = (() => {
        try {
          c.setInterval(bad);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(TriageError);
      expect((error as TriageError).code).toBe('INVALID_INPUT');
      expect((error as TriageError).message).toMatch(/from 100 ms to 60 s/);
    }
    expect(c.interval).toBe(400);
  });

  it('skips the instants a slow tick overran instead of bunching them', async () => {
    const c = clock(100);
    let calls = 0;
    let slowEnd = 0;
    const times: number[] = [];
    const off = c
      .feed({
        name: 'slow',
        tick: (t) => {
          calls++;
          times.push(t.monoMs);
          if (calls === 2) {
            block(350);
            slowEnd = performance.now();
          }
        },
      })
      .subscribe({ next: () => undefined });
    await until(() => times.length >= 5, 'ticks after the slow one');
    off();
    expect(c.skippedTicks).toBeGreaterThanOrEqual(2);
    // After the slow tick: no burst of catch-up ticks, at most one tick per instant since it ended.
    const after = times.slice(2);
    expect(after.length).toBeLessThanOrEqual(Math.floor((after.at(-1)! - slowEnd) / 100) + 1);
  });

  it("a failing source either reports and goes on, or fails its listeners and starts afresh for the next one", async () => {
    const errors: unknown[] = [];
    const c = clock(100, (e) => errors.push(e));
    let n = 0;
    const flaky = c.feed({
      name: 'flaky',
      tick: () => {
        n++;
        if (n === 2) throw new Error('once');
        return n;
      },
      onFailure: 'continue',
    });
    const values: number[] = [];
    const offFlaky = flaky.subscribe({ next: (v) => values.push(v) });
    await until(() => values.length >= 3, 'ticks after the failure');
    offFlaky();
    expect(errors.map((e) => (e as Error).message)).toEqual(['once']);
    expect(values.slice(0, 2)).toEqual([1, 3]);

    let starts = 0;
    let m = 0;
    const broken = c.feed({ name: 'broken', start: () => starts++, tick: () => (++m === 1 ? Promise.reject(new Error('no /proc')) : m), onFailure: 'stop' });
    const failures: unknown[] = [];
    broken.subscribe({ next: () => undefined, fail: (e) => failures.push(e) });
    broken.subscribe({ next: () => undefined, fail: (e) => failures.push(e) });
    await until(() => failures.length === 2, 'both listeners told');
    expect(broken.consumers()).toBe(0);
    const later: number[] = [];
    const offLater = broken.subscribe({ next: (v) => later.push(v) });
    await until(() => later.length >= 1, 'a fresh start');
    offLater();
    expect(starts).toBe(2);
  });

  it('drops a listener that throws; the others keep hearing every tick', async () => {
    const errors: unknown[] = [];
    const c = clock(100, (e) => errors.push(e));
    const feed = c.feed({ name: 'shared', tick: (t) => t.monoMs });
    let good = 0;
    const offBad = feed.subscribe({
      next: () => {
        throw new Error('closed socket');
      },
    });
    const offGood = feed.subscribe({ next: () => good++ });
    await until(() => good >= 3, 'ticks for the good listener');
    offGood();
    offBad();
    expect(errors).toHaveLength(1);
  });

  it('keeps history across idle spells only when asked to', async () => {
    const c = clock(100);
    const kept = c.feed({ name: 'kept', tick: () => 1, history: 10, keepHistoryWhenIdle: true });
    const dropped = c.feed({ name: 'dropped', tick: () => 2, history: 10 });
    const offs = [kept.subscribe({ next: () => undefined }), dropped.subscribe({ next: () => undefined })];
    await until(() => kept.history().length >= 2 && dropped.history().length >= 2, 'two ticks each');
    for (const off of offs) off();
    expect(kept.history().length).toBeGreaterThanOrEqual(2);
    expect(dropped.history()).toEqual([]);
  });

  it('gives the first consumer a value at once when asked, not an interval later', async () => {
    const c = clock(10_000);
    const eager: number[] = [];
    const lazy: number[] = [];
    const offs = [
      c.feed({ name: 'eager', tick: () => 1, tickOnStart: true }).subscribe({ next: (v) => eager.push(v) }),
      c.feed({ name: 'lazy', tick: () => 2 }).subscribe({ next: (v) => lazy.push(v) }),
    ];
    await until(() => eager.length === 1, 'the first value', 2000);
    for (const off of offs) off();
    expect(lazy).toEqual([]);
  });
});
