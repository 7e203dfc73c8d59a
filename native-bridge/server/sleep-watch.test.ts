// The clock-jump detector on explicit clock readings: the machine cannot be suspended under a shared test run.
import { describe, expect, it } from 'vitest';
import { SleepWatch } from './sleep-watch.js';

const T = Date.UTC(2026, 11, 5, 22, 0, 0);

describe('SleepWatch', () => {
  it('the boot clock running 2 h ahead of the monotonic clock between two samples is a wake-up after 2 h', () => {
    const watch = new SleepWatch();
    expect(watch.take({ wall: T, mono: 50_000, uptime: 60_000 })).toBeNull();
    // One second awake, then two hours asleep: wall and boot clock moved 2 h 1 s, the monotonic clock 1 s.
    const resume = watch.take({ wall: T + 7_201_000, mono: 51_000, uptime: 7_261_000 });
    expect(resume).toMatchObject({ time: T + 7_201_000, kind: 'resume', title: 'the machine woke from sleep after 2 h asleep' });
    expect(resume!.detail).toContain('within one sampling interval');
    expect(watch.list()).toEqual([resume]);
    expect(watch.since).toBe(T);
  });

  it('ordinary ticks with jitter, a late sample and a clock set forward are not wake-ups', () => {
    const watch = new SleepWatch();
    watch.take({ wall: T, mono: 0, uptime: 10_000 });
    // uptime counts in 10 ms steps and sampling takes time: tens of ms of difference are noise.
    expect(watch.take({ wall: T + 1000, mono: 1030, uptime: 11_000 })).toBeNull();
    // A sample 20 s late (a busy machine): every clock moved alike.
    expect(watch.take({ wall: T + 21_000, mono: 21_030, uptime: 31_000 })).toBeNull();
    // The wall clock set forward an hour: only the wall moved.
    expect(watch.take({ wall: T + 3_622_000, mono: 22_030, uptime: 32_000 })).toBeNull();
    expect(watch.list()).toEqual([]);
  });
});
