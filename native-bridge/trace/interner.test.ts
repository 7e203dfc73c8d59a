import { describe, expect, it } from 'vitest';
import { createEventStore } from './event-store.js';
import { createInterner } from './interner.js';
import { createEventParser } from './event-parser.js';
import type { TraceEvent } from '../contract/trace.js';

describe('interner', () => {
  it('returns one shared string per distinct value and stays within its cap', () => {
    const intern = createInterner(4);
    const a = intern.string(`${'read'}(0</dev/zero>, "\\0", 1)`.slice(0, 4));
    expect(intern.string('read')).toBe(a);
    for (const s of ['w', 'x', 'y', 'z', 'v']) intern.string(s);
    // Cleared when full: still equal values, never wrong ones.
    expect(intern.string('read')).toBe('read');
    expect(intern.nullable(null)).toBeNull();
  });

  it('shares an argument list only when the arguments really are the same', () => {
    const intern = createInterner();
    const first = intern.args('1, 2', ['1', '2']);
    expect(intern.args('1, 2', ['1', '2'])).toBe(first);
    expect(intern.args('1, 2', ['1, 2'])).toEqual(['1, 2']);
  });
});

describe('stored events', () => {
  it('keep every field of the parsed event, with repeated strings shared between events', () => {
    const parsed: TraceEvent[] = [];
    const parser = createEventParser('strace', (e) => parsed.push(e));
    parser.line('4242  15:24:52.000001 read(0</dev/zero>, "\\0", 1) = 1 <0.000010>');
    parser.line('4242  15:24:52.000002 read(0</dev/zero>, "\\0", 1) = 1 <0.000011>');
    parser.line('4242  15:24:52.000003 openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000005>');
    parser.end();
    const store = createEventStore(10);
    const stored = parsed.map((e) => store.push(e));
    expect(stored).toEqual(parsed);
    expect(store.tail(3)).toEqual(parsed);
    const [a, b] = stored as Extract<TraceEvent, { kind: 'call' }>[];
    expect(b!.args).toBe(a!.args);
    expect(b!.time).not.toBe(a!.time);
  });
});
