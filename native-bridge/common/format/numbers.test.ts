import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatPerSecond, noun, plural } from './numbers.js';

describe('counts', () => {
  it('groups thousands the same way everywhere', () => {
    expect(formatCount(24001)).toBe('24,001');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(2.25)).toBe('2.3');
    expect(formatCount(null)).toBe('—');
    expect(formatPerSecond(1204)).toBe('1,204/s');
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
