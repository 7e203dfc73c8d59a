import { describe, expect, it } from 'vitest';
import { readThresholdRefusals, thresholdRefusalMessage } from '../contract/findings-thresholds.js';
import { checkThresholds } from './overrides.js';
import { THRESHOLDS } from './thresholds.js';

describe('a thresholds refusal, read back rule by rule', () => {
  it('finds each rule and the figures its real reason names', () => {
    const reasons = [
      checkThresholds('disk-full', { ...THRESHOLDS['disk-full'], warn: 95, serious: 80 }),
      checkThresholds('zombies', { ...THRESHOLDS.zombies, minMs: 10 * 86_400_000 }),
      checkThresholds('cpu-hog', { ...THRESHOLDS['cpu-hog'], serious: 5 }),
      checkThresholds('memory-low', { ...THRESHOLDS['memory-low'], warn: Number.NaN }),
    ];
    expect(reasons.every((r) => r !== null)).toBe(true);
    const read = readThresholdRefusals(thresholdRefusalMessage(reasons as string[]));
    expect(read.map((r) => [r.rule, r.figures])).toEqual([
      ['disk-full', ['serious', 'warn']],
      ['zombies', ['minMs']],
      ['cpu-hog', ['serious']],
      ['memory-low', ['warn']],
    ]);
    expect(read[0]!.sentence).toBe(reasons[0]);
  });

  it('reads nothing from a message that is not a refusal', () => {
    expect(readThresholdRefusals('Triage could not save the thresholds to /x: ENOSPC. Nothing was changed.')).toEqual([]);
  });
});
