import { describe, expect, it } from 'vitest';
import { MiB } from './units.js';
import { analyzeSeries, type Verdict } from './verdict.js';
import { mannKendallZ, fitLine } from './stats.js';

const T0 = 1_700_000_000_000;

/** Deterministic noise so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}
function gaussian(rand: () => number): () => number {
  return () => {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += rand();
    return sum - 6;
  };
}

/** Samples f(seconds) every `periodS` for `seconds`, with timing jitter like a loaded machine. */
function sample(f: (s: number) => number, seconds: number, periodS = 1, seed = 1): { times: number[]; bytes: number[] } {
  const rand = rng(seed + 7);
  const times: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i * periodS <= seconds; i++) {
    const s = i * periodS + rand() * 0.05;
    times.push(T0 + s * 1000);
    bytes.push(Math.max(0, f(s)));
  }
  return { times, bytes };
}

const verdictOf = (s: { times: number[]; bytes: number[] }, memAvailableBytes: number | null = null): Verdict =>
  analyzeSeries({ ...s, memAvailableBytes });

/** The verdict as the watcher sees it: after every new sample. */
function everyPrefix(s: { times: number[]; bytes: number[] }, from = 10): Verdict[] {
  const out: Verdict[] = [];
  for (let n = from; n <= s.times.length; n++) out.push(verdictOf({ times: s.times.slice(0, n), bytes: s.bytes.slice(0, n) }));
  return out;
}

describe('statistics', () => {
  it('fits a line exactly and gives R² 1', () => {
    const f = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.slope).toBeCloseTo(2);
    expect(f.intercept).toBeCloseTo(1);
    expect(f.r2).toBeCloseTo(1);
  });
  it('gives a null R² for a series that never moves', () => {
    expect(fitLine([0, 1, 2], [5, 5, 5]).r2).toBeNull();
  });
  it('Mann–Kendall: strongly positive for a rise, negative for a fall, ~0 for alternation', () => {
    const up = Array.from({ length: 30 }, (_, i) => i);
    expect(mannKendallZ(up)).toBeGreaterThan(5);
    expect(mannKendallZ(up.map((v) => -v))).toBeLessThan(-5);
    expect(Math.abs(mannKendallZ(up.map((i) => i % 2)))).toBeLessThan(1);
  });
});

describe('leak verdict', () => {
  it('says insufficient data for too few samples or too short a span', () => {
    const few = verdictOf(sample((s) => 100 * MiB + s * MiB, 5));
    expect(few.kind).toBe('insufficient-data');
    expect(few.sentence).toMatch(/Not enough data/);
    const fast = verdictOf(sample((s) => 100 * MiB + s * MiB, 4, 0.25));
    expect(fast.points).toBeGreaterThan(10);
    expect(fast.kind).toBe('insufficient-data');
  });

  it('flags steady growth within 30 s at 1 Hz with the rate within ±25 %, for several rates and noise', () => {
    for (const [rate, noiseMiB] of [
      [480, 2],
      [60, 0.5],
      [20, 0.2],
      [6, 0.05],
    ] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const noise = gaussian(rng(seed));
        const v = verdictOf(sample((s) => 200 * MiB + (rate * MiB * s) / 60 + noise() * noiseMiB * MiB, 30, 1, seed));
        expect(v.kind, `rate ${rate} seed ${seed}`).toBe('growing');
        expect(v.rateMiBPerMin!).toBeGreaterThan(rate * 0.75);
        expect(v.rateMiBPerMin!).toBeLessThan(rate * 1.25);
        expect(v.r2!).toBeGreaterThan(0.6);
        expect(v.growingSince).toBe(v.trend!.fromTime);
      }
    }
  });

  it('needs a longer window for a slow or noisy leak, then gets its rate right', () => {
    const noise = gaussian(rng(3));
    const slow = sample((s) => 300 * MiB + (1 * MiB * s) / 60 + noise() * 0.3 * MiB, 15 * 60);
    expect(verdictOf({ times: slow.times.slice(0, 31), bytes: slow.bytes.slice(0, 31) }).kind).not.toBe('growing');
    const full = verdictOf(slow);
    expect(full.kind).toBe('growing');
    expect(full.rateMiBPerMin!).toBeGreaterThan(0.75);
    expect(full.rateMiBPerMin!).toBeLessThan(1.25);
  });

  it('calls a steady rise with pauses of 1–2 ticks growing within 30 s, and never "level since" while it rises', () => {
    // The child in the issue: small steps at slightly irregular intervals, now and then a pause of one or
    // two sampling ticks where resident size does not move, then catching up with the clock.
    const rateMiBPerMin = 53;
    for (let seed = 1; seed <= 30; seed++) {
      const rand = rng(seed);
      const steps: { t: number; mib: number }[] = [];
      for (let t = 0; t < 45; ) {
        t += 0.05 + rand() * 0.1;
        if (rand() < 0.03) t += 1.5 * (1 + rand());
        steps.push({ t, mib: (rateMiBPerMin * t) / 60 });
      }
      const at = (s: number): number => 150 * MiB + (steps.findLast((st) => st.t <= s)?.mib ?? 0) * MiB;
      const series = sample(at, 45, 1, seed);
      const verdicts = everyPrefix(series);
      const judged = verdicts.filter((v) => v.kind !== 'insufficient-data');
      expect(judged.filter((v) => v.kind !== 'growing').map((v) => `${v.observedMs} ms: ${v.sentence}`), `seed ${seed}`).toEqual([]);
      const at30 = verdicts.filter((v) => v.observedMs <= 30_000).at(-1)!;
      expect(at30.kind, `seed ${seed}: ${at30.sentence}`).toBe('growing');
      expect(at30.rateMiBPerMin!).toBeGreaterThan(rateMiBPerMin * 0.75);
      expect(at30.rateMiBPerMin!).toBeLessThan(rateMiBPerMin * 1.25);
      expect(verdicts.at(-1)!.kind).toBe('growing');
    }
  });

  it('needs a plateau clearly longer than a pause before it says "level since"', () => {
    const ramp = (levelAt: number) => (s: number) => 100 * MiB + (Math.min(s, levelAt) * 60 * MiB) / 60;
    // Level for the last 2 samples: a pause.
    const paused = verdictOf(sample(ramp(28), 30, 1, 3));
    expect(paused.kind, paused.sentence).toBe('growing');
    expect(paused.rateMiBPerMin!).toBeGreaterThan(45);
    // Level for 5 s: still not a plateau, and certainly not "level since".
    const short = verdictOf(sample(ramp(25), 30, 1, 4));
    expect(short.kind, short.sentence).not.toBe('stable-after-warmup');
    // Level for 20 s: warm-up, dated where the rise ended.
    const level = verdictOf(sample(ramp(25), 45, 1, 5));
    expect(level.kind, level.sentence).toBe('stable-after-warmup');
    expect(Math.abs(level.evidence.changeAt! - (T0 + 25_000))).toBeLessThan(3000);
    expect(level.sentence).toMatch(/has been level since/);
  });

  it('keeps calling a leak that grows in steps with stalls longer than a plateau growing, once it has taken two steps', () => {
    // 8 MiB every 15 s (32 MiB/min): each stall is longer than the 10 s plateau floor.
    for (let seed = 1; seed <= 5; seed++) {
      const s = sample((t) => 100 * MiB + Math.floor((t + seed) / 15) * 8 * MiB, 150, 1, seed);
      const late = everyPrefix(s).filter((v) => v.observedMs >= 45_000);
      expect(late.filter((v) => v.kind !== 'growing').map((v) => `${v.observedMs} ms: ${v.sentence}`), `seed ${seed}`).toEqual([]);
      expect(late.at(-1)!.rateMiBPerMin!).toBeGreaterThan(32 * 0.75);
      expect(late.at(-1)!.rateMiBPerMin!).toBeLessThan(32 * 1.25);
    }
    // And once it really stops (40 s level), it is warm-up.
    const stops = sample((t) => 100 * MiB + Math.floor(Math.min(t, 90) / 15) * 8 * MiB, 130, 1, 9);
    expect(verdictOf(stops).kind).toBe('stable-after-warmup');
  });

  it('says it is too soon to judge a step that happened a moment ago', () => {
    const s = sample((t) => (t < 20 ? 50 * MiB : 250 * MiB), 23, 0.5, 2);
    const v = verdictOf(s);
    expect(v.kind).toBe('insufficient-data');
    expect(v.sentence).toMatch(/^Memory rose by 200 MiB about [23] s ago: too soon to tell/);
  });

  it('does not call creeping noise a leak: below 0.5 MiB/min is not growth', () => {
    const v = verdictOf(sample((s) => 300 * MiB + (0.3 * MiB * s) / 60, 15 * 60));
    expect(v.kind).toBe('stable');
  });

  it('never flags a one-off allocation, at any moment, and calls it warm-up once level', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const noise = gaussian(rng(seed));
      const jumpAt = 2 + seed;
      const s = sample((t) => {
        const base = 30 * MiB + noise() * 0.2 * MiB;
        if (t < jumpAt) return base;
        if (t < jumpAt + 1) return base + 100 * MiB; // caught mid-allocation
        return base + 200 * MiB;
      }, 120, 0.5, seed);
      const verdicts = everyPrefix(s);
      expect(verdicts.filter((v) => v.kind === 'growing').map((v) => v.points), `seed ${seed}`).toEqual([]);
      expect(verdicts.at(-1)!.kind).toBe('stable-after-warmup');
      expect(verdicts.at(-1)!.sentence).toMatch(/warm-up/);
    }
  });

  it('never flags a fast sawtooth around a flat mean, at any moment', () => {
    for (const periodS of [0.5, 1]) {
      for (let seed = 1; seed <= 5; seed++) {
        const phase = rng(seed)() * 2.25;
        // Allocate 16 MiB per 250 ms up to 128 MiB, then free it all: the test child's pattern.
        const s = sample((t) => 20 * MiB + Math.floor(((t + phase) % 2.25) / 0.25) * 16 * MiB, 180, periodS, seed);
        const verdicts = everyPrefix(s);
        expect(verdicts.filter((v) => v.kind === 'growing').length, `period ${periodS} seed ${seed}`).toBe(0);
        expect(verdicts.at(-1)!.kind).toBe('stable');
      }
    }
  });

  it('does not flag a slow garbage-collector sawtooth over a long window', () => {
    const s = sample((t) => 100 * MiB + ((t % 20) / 20) * 60 * MiB, 15 * 60);
    const v = verdictOf(s);
    expect(v.kind).toBe('stable');
    expect(v.r2 ?? 0).toBeLessThan(0.1);
  });

  it('does flag a sawtooth whose lows keep rising (a leak under a garbage collector)', () => {
    const noise = gaussian(rng(9));
    const s = sample((t) => 100 * MiB + ((t % 20) / 20) * 40 * MiB + (3 * MiB * t) / 60 + noise() * 0.5 * MiB, 15 * 60);
    const v = verdictOf(s);
    expect(v.kind).toBe('growing');
    expect(v.rateMiBPerMin!).toBeGreaterThan(3 * 0.75);
    expect(v.rateMiBPerMin!).toBeLessThan(3 * 1.25);
  });

  it('dates growth that started mid-window and estimates when memory runs out', () => {
    const s = sample((t) => (t < 300 ? 100 * MiB : 100 * MiB + ((t - 300) * 30 * MiB) / 60), 600);
    const v = verdictOf(s, 3000 * MiB);
    expect(v.kind).toBe('growing');
    expect(Math.abs(v.growingSince! - (T0 + 300_000))).toBeLessThan(30_000);
    expect(v.rateMiBPerMin!).toBeCloseTo(30, 0);
    expect(v.runsOutInMs! / 60_000).toBeCloseTo(100, 0);
    expect(v.sentence).toMatch(/growing steadily at 30\.0 MiB\/min/);
    expect(v.sentence).toMatch(/runs out in about 1 h 40 min/);
  });

  it('says shrinking for a steady fall and stable for a flat line', () => {
    const down = verdictOf(sample((t) => 500 * MiB - (5 * MiB * t) / 60, 120));
    expect(down.kind).toBe('shrinking');
    const flat = verdictOf(sample(() => 80 * MiB, 60));
    expect(flat.kind).toBe('stable');
    expect(flat.r2).toBeNull();
    expect(flat.sentence).toMatch(/stable around 80\.0 MiB/);
  });

  it('keeps the cost bounded for a long series by averaging into time slices', () => {
    const s = sample((t) => 100 * MiB + (t * MiB) / 60, 3600, 0.25);
    expect(s.times.length).toBeGreaterThan(14_000);
    const v = verdictOf(s);
    expect(v.kind).toBe('growing');
    expect(v.points).toBe(s.times.length);
    expect(v.rateMiBPerMin!).toBeCloseTo(1, 1);
  });
});
