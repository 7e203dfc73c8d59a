import { describe, expect, it } from 'vitest';
import { AlertLog, type MemoryAlert } from './alerts.js';
import { checkLimits } from './limits.js';
import { ColumnRing } from './ring.js';

const alert = (time: number): Omit<MemoryAlert, 'alertId'> => ({
  time,
  pinId: 'pin-1',
  pid: 10,
  name: 'x',
  kind: 'size',
  limit: 1,
  value: 2,
  sentence: 's',
  context: { breakdown: null, memAvailableBytes: null, topConsumers: [] },
});

describe('alert log', () => {
  it('keeps the newest when full and counts what it dropped', () => {
    const log = new AlertLog(3);
    for (let i = 1; i <= 5; i++) log.add(alert(i));
    const page = log.page();
    expect(page.alerts.map((a) => a.alertId)).toEqual([3, 4, 5]);
    expect(page.dropped).toBe(2);
    expect(page.total).toBe(5);
    expect(log.page(4).alerts.map((a) => a.alertId)).toEqual([5]);
    expect(log.page(0, 1).alerts.map((a) => a.alertId)).toEqual([5]);
  });
});

describe('column ring', () => {
  it('wraps, slices in order and searches by time', () => {
    const ring = new ColumnRing(['time', 'v'] as const, 4);
    for (let i = 0; i < 6; i++) ring.push({ time: i * 10, v: i });
    expect(ring.size).toBe(4);
    expect([...ring.slice('v')]).toEqual([2, 3, 4, 5]);
    expect([...ring.slice('time', 2)]).toEqual([40, 50]);
    expect(ring.last('v')).toBe(5);
    expect(ring.lowerBound('time', 35)).toBe(2);
    expect(ring.lowerBound('time', 0)).toBe(0);
    expect(ring.lowerBound('time', 99)).toBe(4);
  });

  it('reserves room as rows arrive, up to its capacity, and keeps every row in order through growth and wrap', () => {
    const ring = new ColumnRing(['time', 'v'] as const, 40);
    expect(ring.reservedRows).toBeLessThan(40);
    for (let i = 0; i < 17; i++) ring.push({ time: i, v: i * 2 });
    expect(ring.reservedRows).toBeLessThan(40);
    expect([...ring.slice('v')]).toEqual(Array.from({ length: 17 }, (_, i) => i * 2));
    for (let i = 17; i < 45; i++) ring.push({ time: i, v: i * 2 });
    expect(ring.reservedRows).toBe(40);
    expect(ring.size).toBe(40);
    expect([...ring.slice('time')]).toEqual(Array.from({ length: 40 }, (_, i) => i + 5));
    expect(ring.lowerBound('time', 20)).toBe(15);
    expect(ring.summarize('v')).toEqual({ min: 10, max: 88, headMean: 19, tailMean: 79 });
  });

  it('keeps the newest rows when resized', () => {
    const ring = new ColumnRing(['v'] as const, 5);
    for (let i = 0; i < 7; i++) ring.push({ v: i });
    ring.resize(3);
    expect([...ring.slice('v')]).toEqual([4, 5, 6]);
    ring.push({ v: 7 });
    expect([...ring.slice('v')]).toEqual([5, 6, 7]);
    ring.resize(10);
    ring.push({ v: 8 });
    expect([...ring.slice('v')]).toEqual([5, 6, 7, 8]);
  });
});

describe('limit crossings', () => {
  it('raises once per crossing and re-arms only clearly below the line', () => {
    const armed = { size: true, rate: true };
    const limits = { sizeBytes: 100, rateMiBPerMin: 10 };
    const kinds = (rss: number, rate: number | null): string[] => checkLimits('p (pid 1)', limits, armed, rss, rate).map((c) => c.kind);
    expect(kinds(90, null)).toEqual([]);
    expect(kinds(100, 12)).toEqual(['size', 'rate']);
    expect(kinds(120, 15)).toEqual([]); // still over: no repeat
    expect(kinds(97, 9)).toEqual([]); // just under: hovering does not re-arm
    expect(kinds(101, 11)).toEqual([]);
    expect(kinds(94, 7)).toEqual([]); // clearly under: re-armed
    expect(kinds(100, 10)).toEqual(['size', 'rate']);
  });

  it('words the alert for a person and ignores cleared limits', () => {
    const [c] = checkLimits('leaky (pid 7)', { sizeBytes: 1 << 30, rateMiBPerMin: null }, { size: true, rate: true }, 1.5 * (1 << 30), 50);
    expect(c!.sentence).toBe('leaky (pid 7) uses 1.5 GiB, over its limit of 1.0 GiB.');
    expect(checkLimits('x', { sizeBytes: null, rateMiBPerMin: null }, { size: true, rate: true }, 1e12, 1e6)).toEqual([]);
  });
});
