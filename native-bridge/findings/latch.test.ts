import { describe, expect, it } from 'vitest';
import { stepLatch, type LatchInput, type LatchState } from './latch.js';

const timing = { minMs: 30_000, clearMs: 20_000 };
const warn: LatchInput = { severity: 'warning', lastingMs: 0 };
const serious: LatchInput = { severity: 'serious', lastingMs: 0 };

/** Feeds one input per second from t=0 and returns the state after each step. */
function run(inputs: Array<LatchInput | null>, start: LatchState | null = null): Array<LatchState | null> {
  const out: Array<LatchState | null> = [];
  let state = start;
  inputs.forEach((input, i) => {
    state = stepLatch(state, i * 1000, input, timing);
    out.push(state);
  });
  return out;
}

const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

describe('stepLatch', () => {
  it('never activates on a blip shorter than the minimum duration', () => {
    const states = run([...repeat(warn, 3), ...repeat(null, 5), ...repeat(warn, 29), null]);
    expect(states.every((s) => s?.active == null)).toBe(true);
  });

  it('activates once the condition held for the minimum duration, dated from its start', () => {
    const states = run(repeat(warn, 32));
    expect(states[29]?.active ?? null).toBeNull();
    expect(states[30]?.active).toBe('warning');
    expect(states[30]?.since).toBe(0);
  });

  it('activates at once when the condition is known to have lasted (a kernel average)', () => {
    const state = stepLatch(null, 100_000, { severity: 'warning', lastingMs: 60_000 }, timing);
    expect(state?.active).toBe('warning');
    expect(state?.since).toBe(40_000);
  });

  it('times a change of severity from when it was seen, however long the condition is known to have lasted', () => {
    // The CPU rule: serious while the 10-second pressure is at 20 % or more, lasting a minute by the 60-second
    // average. A 10-second figure hovering around 20 % must not flip the finding at every crossing.
    const lasting = (severity: LatchInput['severity']): LatchInput => ({ severity, lastingMs: 60_000 });
    let state = stepLatch(null, 100_000, lasting('serious'), timing);
    expect(state?.active).toBe('serious');
    const seen: Array<string | null | undefined> = [];
    for (let t = 101_000; t <= 110_000; t += 1000) {
      state = stepLatch(state, t, lasting(t % 2000 === 0 ? 'serious' : 'warning'), timing);
      seen.push(state?.active);
    }
    expect(new Set(seen)).toEqual(new Set(['serious']));
    for (let t = 111_000; t < 111_000 + timing.clearMs; t += 1000) state = stepLatch(state, t, lasting('warning'), timing);
    expect(state?.active).toBe('serious');
    state = stepLatch(state, 111_000 + timing.clearMs, lasting('warning'), timing);
    expect(state?.active).toBe('warning');
  });

  it('stays active through gaps shorter than the clear time, and clears after it', () => {
    const states = run([...repeat(warn, 31), ...repeat(null, 19), warn, ...repeat(null, 21)]);
    expect(states[31 + 18]?.active).toBe('warning');
    expect(states[31 + 19]?.active).toBe('warning');
    expect(states[31 + 19 + 19]?.active).toBe('warning');
    expect(states.at(-1)).toBeNull();
  });

  it('escalates only after the worse level lasted, and softens only after the milder one lasted the clear time', () => {
    const active = run(repeat(warn, 31)).at(-1) ?? null;
    const flip = run([...repeat(serious, 5), warn, ...repeat(serious, 5)], active).map((s) => s?.active);
    expect(new Set(flip)).toEqual(new Set(['warning']));
    const escalated = run(repeat(serious, 31), active);
    expect(escalated[29]?.active).toBe('warning');
    expect(escalated[30]?.active).toBe('serious');
    const softened = run(repeat(warn, 21), escalated.at(-1) ?? null);
    expect(softened[19]?.active).toBe('serious');
    expect(softened[20]?.active).toBe('warning');
  });
});
