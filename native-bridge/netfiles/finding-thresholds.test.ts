import { describe, expect, it } from 'vitest';
import { judgedAfterMs, NET_THRESHOLDS, thresholdTable } from './finding-thresholds.js';

describe('the threshold table', () => {
  it('every rule has rising levels, and the page may judge "nothing wrong" only after the slowest first level', () => {
    expect(Object.keys(thresholdTable()).sort()).toEqual(['accept-queue', 'close-wait', 'receive-queue', 'syn-sent', 'time-wait']);
    expect(judgedAfterMs(NET_THRESHOLDS)).toBe(30_000);
  });

  it('a bad row is refused with a sentence that names the rule and the fault', () => {
    const row = NET_THRESHOLDS['close-wait'];
    expect(() => thresholdTable({ 'close-wait': { ...row, levels: [] } })).toThrow('Finding thresholds for close-wait: at least one severity level is needed.');
    expect(() =>
      thresholdTable({
        'close-wait': {
          ...row,
          levels: [
            { severity: 'warning', at: 10, forMs: 0 },
            { severity: 'critical', at: 10, forMs: 0 },
          ],
        },
      }),
    ).toThrow('Finding thresholds for close-wait: levels must rise (critical at 10 is not above warning at 10).');
    expect(() => thresholdTable({ 'syn-sent': { ...row, levels: [{ severity: 'warning', at: 5, clearBelow: 6, forMs: 0 }] } })).toThrow(
      'Finding thresholds for syn-sent: clearBelow (6) must not be above at (5).',
    );
    expect(() => thresholdTable({ 'time-wait': { ...row, levels: [{ severity: 'warning', at: Number.NaN, forMs: 0 }] } })).toThrow(/time-wait: "at" and "forMs" must be numbers/);
  });
});
