import { describe, expect, it } from 'vitest';
import { formatBytes, formatByteRate, formatGrowthRate, MiB } from './bytes.js';

describe('formatBytes', () => {
  it('uses IEC units with one decimal below 100 and none above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(71.4 * MiB)).toBe('71.4 MiB');
    expect(formatBytes(152 * MiB)).toBe('152 MiB');
    expect(formatBytes(3 * 1024 * MiB)).toBe('3.0 GiB');
  });
  it('never shows four digits before the point, nor "100.0"', () => {
    expect(formatBytes(1000 * 1024)).toBe('1.0 MiB');
    expect(formatBytes(99.97 * MiB)).toBe('100 MiB');
  });
  it('keeps the sign and says "—" for missing values', () => {
    expect(formatBytes(-1536)).toBe('-1.5 KiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('rates', () => {
  it('formats bytes per second and memory growth', () => {
    expect(formatByteRate(1536)).toBe('1.5 KiB/s');
    expect(formatByteRate(undefined)).toBe('—');
    expect(formatGrowthRate(53.04)).toBe('53.0 MiB/min');
    expect(formatGrowthRate(-0.5)).toBe('-0.50 MiB/min');
    expect(formatGrowthRate(120.4)).toBe('120 MiB/min');
  });
});
