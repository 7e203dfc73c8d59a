import { describe, expect, it } from 'vitest';
import { HysteresisTracker, initialState, shownFacts, shownLevel, step, type HysteresisRule, type TrackState } from './hysteresis.js';

const S = 1000;
// warning from 10 (gone below 8) held 30 s; critical from 50 held 60 s; withdrawn after 60 s false.
const RULE: HysteresisRule = {
  levels: [
    { enterAt: 10, exitBelow: 8, holdMs: 30 * S },
    { enterAt: 50, exitBelow: 50, holdMs: 60 * S },
  ],
  clearAfterMs: 60 * S,
};

/** Feeds one value per second from `from` (s) and returns the shown level after each. */
function run(values: readonly number[], state: TrackState = initialState(RULE), from = 0): { levels: number[]; state: TrackState } {
  const levels: number[] = [];
  values.forEach((v, i) => {
    state = step(RULE, state, v, (from + i) * S);
    levels.push(shownLevel(state));
  });
  return { levels, state };
}

const repeat = (value: number, seconds: number): number[] => Array(seconds).fill(value);

describe('hysteresis (time passed in)', () => {
  it('shows nothing before the condition has held for its minimum duration, then shows it', () => {
    const { levels, state } = run(repeat(12, 31));
    expect(levels.slice(0, 30)).toEqual(repeat(0, 30)); // 0 … 29 s held
    expect(levels[30]).toBe(1); // held for 30 s
    expect(shownFacts(state)).toEqual({ level: 1, since: 0, clearingSince: null });
  });

  it('a burst shorter than the minimum duration is never shown, however high', () => {
    const { levels } = run([...repeat(0, 5), ...repeat(1000, 3), ...repeat(0, 120)]);
    expect(Math.max(...levels)).toBe(0);
  });

  it('a break in the condition restarts the minimum duration', () => {
    const { levels } = run([...repeat(12, 25), 3, ...repeat(12, 25)]);
    expect(Math.max(...levels)).toBe(0);
  });

  it('stays shown until the condition has been false for the clear time, then clears', () => {
    const shown = run(repeat(12, 31)).state;
    const { levels, state } = run(repeat(0, 61), shown, 31);
    expect(levels.slice(0, 60)).toEqual(repeat(1, 60));
    expect(shownFacts(run([0], shown, 31).state)).toEqual({ level: 1, since: 0, clearingSince: 31 * S });
    expect(levels[60]).toBe(0);
    expect(shownFacts(state)).toBeNull();
  });

  it('a value that wavers between exitBelow and enterAt keeps a shown finding and never starts the clear timer', () => {
    const shown = run(repeat(12, 31)).state;
    const { levels } = run(Array.from({ length: 300 }, (_, i) => (i % 2 ? 9 : 11)), shown, 31);
    expect(levels).toEqual(repeat(1, 300));
  });

  it('a value that wavers around the threshold never flips: not shown while unshown, not cleared while shown', () => {
    // Every other second below: never 30 s unbroken, so never shown.
    expect(Math.max(...run(Array.from({ length: 300 }, (_, i) => (i % 2 ? 7 : 12))).levels)).toBe(0);
  });

  it('escalates only on a sustained worse condition and de-escalates with the clear time', () => {
    let { levels, state } = run(repeat(12, 31));
    expect(levels.at(-1)).toBe(1);
    // A spike to critical for 20 s: not sustained, stays a warning.
    ({ levels, state } = run([...repeat(80, 20), ...repeat(12, 30)], state, 31));
    expect(new Set(levels)).toEqual(new Set([1]));
    // 60 s at critical: escalates at 60 s, not before.
    ({ levels, state } = run(repeat(80, 61), state, 81));
    expect(levels.slice(0, 60)).toEqual(repeat(1, 60));
    expect(levels[60]).toBe(2);
    // Back to warning level: critical stays for the clear time, then steps down to warning (not to nothing).
    ({ levels, state } = run(repeat(20, 61), state, 142));
    expect(levels.slice(0, 60)).toEqual(repeat(2, 60));
    expect(levels[60]).toBe(1);
    expect(shownFacts(state)!.since).toBe(0);
  });

  it('a steady machine gives the same level on every tick for ten minutes (no OK → WARNING → CRITICAL flips)', () => {
    const jitter = Array.from({ length: 600 }, (_, i) => 20 + ((i * 7) % 5) - 2); // 18 … 22
    const { levels } = run(jitter);
    const changes = levels.filter((l, i) => i > 0 && l !== levels[i - 1]).length;
    expect(changes).toBe(1); // 0 → 1 once, at 30 s
    expect(levels.at(-1)).toBe(1);
  });
});

describe('HysteresisTracker (many subjects)', () => {
  it('tracks subjects apart, treats a missing subject as false, and forgets on request', () => {
    const tracker = new HysteresisTracker<string>(RULE);
    let out: ReturnType<typeof tracker.observe> = [];
    for (let t = 0; t <= 30; t++) out = tracker.observe(new Map([['a', 12], ['b', t < 20 ? 12 : 0], ['c', 1]]), t * S);
    expect(out.map((x) => x.key)).toEqual(['a']);
    expect(out[0]).toMatchObject({ level: 1, since: 0, clearingSince: null, value: 12 });
    // c never came near a level: no state kept for it; b broke its run and was dropped.
    expect(tracker.keys()).toEqual(['a']);
    out = tracker.observe(new Map(), 31 * S);
    expect(out).toEqual([{ key: 'a', level: 1, since: 0, clearingSince: 31 * S, value: 0 }]);
    tracker.forget('a');
    expect(tracker.observe(new Map(), 32 * S)).toEqual([]);
  });
});
