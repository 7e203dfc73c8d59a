import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatPerSecond, groupedNumber, noun, plural } from './numbers.js';

describe('counts', () => {
  it('groups thousands the same way everywhere', () => {
    expect(formatCount(24001)).toBe('24,001');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(2.25)).toBe('2.3');
    expect(formatCount(null)).toBe('—');
    expect(formatPerSecond(1204)).toBe('1,204/s');
  });
  it('prints exactly what Intl en-US prints, without creating an Intl formatter', () => {
    const intl = [0, 1].map((digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }));
    const edge = [0, -0, 0.5, 1.5, 2.5, -2.5, 0.15, 0.25, 0.05, -0.01, -0.4, 9.95, 99.95, 999.5, 999_999.5, 1e-7, -1e-7, 1e20, 123456789.5, -1234.5, 0.04999, 1 - 1e-12];
    // Every magnitude from 1e-6 to 1e20, with ties (x.x5, x.5) and values just around them.
    const random = Array.from({ length: 20_000 }, (_, i) => {
      const scale = 10 ** ((i % 27) - 6);
      const base = Math.round(Math.random() * 20_000) / 20;
      return (i % 2 ? -1 : 1) * (i % 3 === 0 ? base : Math.random() * 1000) * scale;
    });
    for (const value of [...edge, ...random]) {
      for (const digits of [0, 1]) expect(groupedNumber(value, digits), `${value} at ${digits}`).toBe(intl[digits]!.format(value));
    }
  });
  it('pluralises: 1 socket, 2 sockets, irregular plurals', () => {
    expect(plural(1, 'socket')).toBe('1 socket');
    expect(plural(0, 'socket')).toBe('0 sockets');
    expect(plural(2, 'socket')).toBe('2 sockets');
    expect(plural(24001, 'socket')).toBe('24,001 sockets');
    expect(plural(1, 'process', 'processes')).toBe('1 process');
    expect(plural(3, 'process', 'processes')).toBe('3 processes');
    expect(noun(1, 'file')).toBe('file');
    expect(noun(5, 'file')).toBe('files');
  });
  it('formats percentages', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(9, 0)).toBe('9%');
    expect(formatPercent(undefined)).toBe('—');
  });
});

describe('descriptorCounts', () => {
  it('names each kind with its own plural, largest first', async () => {
    const { descriptorCounts } = await import('./nouns.js');
    expect(descriptorCounts({ socket: 1, file: 12, directory: 2, pipe: 0 })).toEqual(['12 files', '2 directories', '1 socket']);
  });
});
