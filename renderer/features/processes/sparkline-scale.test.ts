import { describe, expect, it } from 'vitest';
import { sparklineTop } from './sparkline-scale.js';

describe('sparkline axis top', () => {
  it('keeps idle noise on a 0–floor axis, so 0.0–0.3 % draws a flat line', () => {
    expect(sparklineTop([0, 0.1, 0.3, 0, 0.2], 10, 100)).toBe(10);
    expect(sparklineTop([], 10, 100)).toBe(10);
    expect(sparklineTop([0, 0, 0], 0)).toBe(1);
  });

  it('rises to a round top above the floor and stops at 100 % of a core unless more was seen', () => {
    expect(sparklineTop([0, 12], 10, 100)).toBe(20);
    expect(sparklineTop([0, 35], 10, 100)).toBe(50);
    expect(sparklineTop([0, 95], 10, 100)).toBe(100);
    expect(sparklineTop([0, 100], 10, 100)).toBe(100);
    // A multi-threaded process using 1.8 cores: the axis grows past one core rather than clip it.
    expect(sparklineTop([0, 180], 10, 100)).toBe(200);
  });

  it('ignores values that are not numbers and starts bytes at the floor', () => {
    expect(sparklineTop([Number.NaN, Infinity, 3], 10, 100)).toBe(10);
    expect(sparklineTop([300 * 1024], 1024 * 1024)).toBe(1024 * 1024);
    const MiB = 1024 * 1024;
    expect(sparklineTop([15.8 * MiB], MiB, Infinity, 'bytes')).toBe(20 * MiB);
    expect(sparklineTop([707 * MiB], MiB, Infinity, 'bytes')).toBe(1024 * MiB);
    expect(sparklineTop([300 * 1024], MiB, Infinity, 'bytes')).toBe(MiB);
  });
});
