import { describe, expect, it } from 'vitest';
import { createPacedWriter, type WriteSink } from './paced-writer.js';

/** A terminal stand-in that parses only when the test says so, and a clock the test moves. */
function harness(options: { sliceChars?: number; restRatio?: number } = {}) {
  let clock = 0;
  const written: string[] = [];
  const parsedCallbacks: (() => void)[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const acked: number[] = [];
  const sink: WriteSink = (data, parsed) => {
    written.push(data);
    if (parsed) parsedCallbacks.push(parsed);
  };
  const writer = createPacedWriter(sink, (n) => acked.push(n), {
    ...options,
    now: () => clock,
    setTimer: (run, ms) => {
      const t = { run, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => timers.splice(timers.indexOf(t as (typeof timers)[number]), 1),
  });
  return {
    writer,
    written,
    acked,
    timers,
    /** The terminal finishes parsing what it was given, taking `ms`. */
    parse(ms: number) {
      clock += ms;
      parsedCallbacks.splice(0).forEach((cb) => cb());
    },
    fireTimer() {
      timers.shift()!.run();
    },
  };
}

describe('paced terminal writer', () => {
  it('hands over one slice at a time and rests as long as the slice took before the next', () => {
    const h = harness({ sliceChars: 1000 });
    h.writer.push('a'.repeat(2500));
    expect(h.written.join('')).toBe('a'.repeat(1000));
    expect(h.writer.pending).toBe(2500);
    h.parse(7);
    expect(h.acked).toEqual([1000]);
    expect(h.timers.map((t) => t.ms)).toEqual([7]);
    expect(h.written.join('').length).toBe(1000); // nothing more until the rest is over
    h.fireTimer();
    h.parse(3);
    h.fireTimer();
    h.parse(1);
    expect(h.written.join('')).toBe('a'.repeat(2500));
    expect(h.acked).toEqual([1000, 1000, 500]);
    expect(h.writer.pending).toBe(0);
  });

  it('keeps order between program output and banners, and acknowledges only program output', () => {
    const h = harness({ sliceChars: 4 });
    h.writer.push('abcdef');
    h.writer.push('[exit]', false);
    for (let i = 0; i < 10 && h.written.join('') !== 'abcdef[exit]'; i++) {
      h.parse(1);
      if (h.timers.length > 0) h.fireTimer();
    }
    expect(h.written.join('')).toBe('abcdef[exit]');
    expect(h.acked.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('returns what was never parsed on dispose, so it can still be acknowledged', () => {
    const h = harness({ sliceChars: 10 });
    h.writer.push('x'.repeat(25));
    h.parse(1);
    expect(h.writer.dispose()).toBe(15);
    expect(h.timers).toHaveLength(0);
    h.writer.push('more');
    expect(h.written.join('')).toBe('x'.repeat(10));
  });
});
