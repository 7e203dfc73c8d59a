import { describe, expect, it } from 'vitest';
import {
  formatAxisValue,
  formatByteRate,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  formatValue,
} from './format.js';
import { formatMetric, METRICS } from './metrics.js';

describe('formatBytes', () => {
  it('uses binary units with at most three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(150 * 1024)).toBe('150 KiB');
    // 1,000,000 B is 976.6 KiB: it stays in KiB and never shows as "1000 KiB".
    expect(formatBytes(1_000_000)).toBe('977 KiB');
    expect(formatBytes(1000 * 1024)).toBe('1.0 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatBytes(24_564_016 * 1024)).toBe('23.4 GiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
  });

  it('says "—" for what is not a number instead of "NaN B"', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatByteRate(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('rates, percentages, counts, durations', () => {
  it('puts /s on rates', () => {
    expect(formatByteRate(1536)).toBe('1.5 KiB/s');
    expect(formatMetric('disk.read', 1536)).toBe('1.5 KiB/s');
    expect(formatMetric('net.tx', 0)).toBe('0 B/s');
    expect(formatMetric('net.errors', 0.5)).toBe('0.5/s');
    expect(formatMetric('disk.readOps', 1234)).toBe('1,234/s');
  });

  it('formats percentages and counts', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(100, 0)).toBe('100%');
    expect(formatMetric('cpu.busy', 7)).toBe('7.0%');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatMetric('processes', 312)).toBe('312');
    expect(formatMetric('load.one', 1.5)).toBe('1.50');
  });

  it('formats durations the way uptime reads', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(5 * 60 + 3)).toBe('5 min 3 s');
    expect(formatDuration(4 * 3600 + 5 * 60 + 59)).toBe('4 h 5 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600)).toBe('3 days 4 h');
    expect(formatDuration(-1)).toBe('—');
    expect(formatMetric('uptime', 61)).toBe('1 min 1 s');
  });

  it('shows wall-clock time as HH:MM:SS in local time', () => {
    expect(formatClock(new Date(2024, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
    expect(formatClock(new Date(2024, 0, 2, 23, 59, 59).getTime())).toBe('23:59:59');
  });
});

describe('the metric table drives every format', () => {
  it('gives every metric a label and a unit the formatter knows', () => {
    for (const [id, meta] of Object.entries(METRICS)) {
      expect(meta.label, id).not.toBe('');
      expect(formatValue(meta, 1), id).not.toBe('—');
    }
  });

  it('marks exactly the per-second metrics as rates', () => {
    const rates = Object.entries(METRICS)
      .filter(([, meta]) => meta.isRate)
      .map(([id]) => id)
      .sort();
    expect(rates).toEqual(
      ['disk.read', 'disk.readOps', 'disk.write', 'disk.writeOps', 'net.drops', 'net.errors', 'net.rx', 'net.tx', 'swap.in', 'swap.out'].sort(),
    );
  });

  it('formats axis ticks without "/s" and without noise decimals', () => {
    expect(formatAxisValue(METRICS['disk.read'], 512 * 1024)).toBe('512 KiB');
    expect(formatAxisValue(METRICS['cpu.busy'], 50)).toBe('50%');
    expect(formatAxisValue(METRICS['psi.cpu'], 0.25)).toBe('0.25%');
    expect(formatAxisValue(METRICS['load.one'], 2)).toBe('2');
    expect(formatAxisValue(METRICS['load.one'], 2.5)).toBe('2.5');
  });
});
