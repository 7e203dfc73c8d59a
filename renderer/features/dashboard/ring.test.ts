import { describe, expect, it } from 'vitest';
import { makeSample, makeSeries } from './fixtures/samples.js';
import { appendSample, fromHistory, isSamplingGap, lowerBound, RING_CAPACITY, samplingGaps, windowOf } from './ring.js';

describe('ring', () => {
  it('holds at least 15 minutes at the fastest interval (0.5 s)', () => {
    expect(RING_CAPACITY).toBeGreaterThanOrEqual(15 * 60 * 2);
  });

  it('drops the oldest sample beyond capacity and never mutates the previous array', () => {
    let ring = fromHistory(makeSeries(5, 10_000));
    const before = ring;
    ring = appendSample(ring, makeSample(11_000, 99), 5);
    expect(ring).toHaveLength(5);
    expect(ring[0]!.time).toBe(7000);
    expect(ring[4]!.time).toBe(11_000);
    expect(before).toHaveLength(5);
    expect(before[4]!.time).toBe(10_000);
  });

  it('ignores a re-sent sample with the same timestamp', () => {
    const ring = fromHistory(makeSeries(3, 10_000));
    expect(appendSample(ring, makeSample(10_000, 7))).toBe(ring);
  });

  it('keeps only the newest samples of an oversized history', () => {
    const ring = fromHistory(makeSeries(50, 100_000), 20);
    expect(ring).toHaveLength(20);
    expect(ring[19]!.time).toBe(100_000);
  });

  it('finds the window by binary search and keeps one sample before its start', () => {
    const samples = makeSeries(900, 1_000_000); // 15 minutes at 1 Hz
    expect(lowerBound(samples, 1_000_000 - 60_000)).toBe(839);
    const oneMinute = windowOf(samples, 60_000);
    expect(oneMinute).toHaveLength(62);
    expect(oneMinute[0]!.time).toBeLessThan(1_000_000 - 60_000);
    expect(oneMinute[1]!.time).toBe(1_000_000 - 60_000);
    expect(windowOf(samples, 5 * 60_000)).toHaveLength(302);
    expect(windowOf(samples, 15 * 60_000)).toBe(samples);
  });

  it('calls a stop in sampling a gap, but not a switch from 1 s to 10 s sampling', () => {
    const a = makeSample(0, 0, 1000);
    expect(isSamplingGap(a, makeSample(60_000, 1, 60_000))).toBe(true);
    expect(isSamplingGap(a, makeSample(1000, 1, 1000))).toBe(false);
    expect(isSamplingGap(a, makeSample(10_000, 1, 10_000))).toBe(false);
    expect(isSamplingGap(makeSample(0, 0, 10_000), makeSample(20_000, 1, 20_000))).toBe(false);
  });

  it('calls more than 2.5 intervals without a sample a gap (at 5 s sampling: 13 s is one, 12 s is not)', () => {
    expect(isSamplingGap(makeSample(0, 0, 5000), makeSample(13_000, 1, 13_000))).toBe(true);
    expect(isSamplingGap(makeSample(0, 0, 5000), makeSample(12_000, 1, 12_000))).toBe(false);
  });

  it('lists every gap of a series with its bounds', () => {
    const series = [makeSample(0), makeSample(1000), makeSample(40_000), makeSample(41_000), makeSample(100_000)];
    expect(samplingGaps(series)).toEqual([
      { from: 1000, to: 40_000 },
      { from: 41_000, to: 100_000 },
    ]);
  });
});
