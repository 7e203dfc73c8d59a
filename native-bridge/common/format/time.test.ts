import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatTimestamp } from './time.js';

describe('formatTimestamp', () => {
  it('prints local time as YYYY-MM-DD HH:MM:SS', () => {
    const local = new Date(2026, 11, 4, 13, 59, 3).getTime();
    expect(formatTimestamp(local)).toBe('2026-12-04 13:59:03');
    expect(formatClock(local)).toBe('13:59:03');
  });
  it('prints another time zone when asked (a snapshot from elsewhere)', () => {
    const utc = Date.UTC(2026, 10, 26, 12, 15, 0);
    expect(formatTimestamp(utc, 'UTC')).toBe('2026-11-26 12:15:00');
    expect(formatTimestamp(utc, 'Asia/Tokyo')).toBe('2026-11-26 21:15:00');
  });
  it('never throws on an untrusted time', () => {
    expect(formatTimestamp(8.64e15 + 1)).toBe('—');
    expect(formatTimestamp(Number.NaN)).toBe('—');
    expect(formatClock(null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('one style from milliseconds to days', () => {
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(12 * 60_000 + 5000)).toBe('12 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(76 * 3_600_000)).toBe('3 days 4 h');
    expect(formatDuration(24 * 3_600_000)).toBe('1 day');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(-1)).toBe('—');
  });
});
