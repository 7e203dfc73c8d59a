import { describe, expect, it } from 'vitest';
import { sinceWords, startUnknown } from './since.js';

const watchedFrom = new Date(2026, 11, 7, 21, 11, 15).getTime();
const now = watchedFrom + 3 * 60_000;

describe('sinceWords', () => {
  it('says a condition already there when Triage began watching has no known start', () => {
    expect(sinceWords(watchedFrom, now, watchedFrom)).toBe('since at least 21:11:15, when Triage began watching (3 min)');
    // First seen at the first sample after the start: still only when Triage began to look.
    expect(sinceWords(watchedFrom + 1000, now, watchedFrom)).toBe('since at least 21:11:16, when Triage began watching (2 min 59 s)');
  });

  it('gives the start as known when the condition began while Triage watched', () => {
    expect(sinceWords(watchedFrom + 60_000, now, watchedFrom)).toBe('since 21:12:15 (2 min)');
  });

  it('gives the start as known when it was dated back before the watch (a kernel average, an event time)', () => {
    expect(startUnknown(watchedFrom - 60_000, watchedFrom)).toBe(false);
    expect(sinceWords(watchedFrom - 60_000, now, watchedFrom)).toBe('since 21:10:15 (4 min)');
  });
});
