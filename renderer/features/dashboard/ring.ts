import type { SystemSample } from '../../../native-bridge/contract/index.js';

/** 15 minutes at the fastest interval (0.5 s), plus a minute of slack so the 15-min window is always full. */
export const RING_CAPACITY = 15 * 60 * 2 + 120;

/**
 * Appends one sample, dropping the oldest beyond capacity. The array is replaced, never mutated, so a
 * frozen (paused) view and React's memoization can keep the old reference safely. Copying ~2k
 * references per tick costs microseconds; a mutable ring would make every consumer copy instead.
 */
export function appendSample(
  ring: readonly SystemSample[],
  sample: SystemSample,
  capacity = RING_CAPACITY,
): readonly SystemSample[] {
  const last = ring[ring.length - 1];
  // A re-sent sample (same timestamp) after a reconnect must not draw a zero-length segment twice.
  if (last && last.time === sample.time) return ring;
  const drop = Math.max(0, ring.length + 1 - capacity);
  const next = ring.slice(drop);
  next.push(sample);
  return next;
}

/** Keeps the newest `capacity` samples of a history message. */
export function fromHistory(samples: readonly SystemSample[], capacity = RING_CAPACITY): readonly SystemSample[] {
  return samples.length > capacity ? samples.slice(samples.length - capacity) : samples.slice();
}

/** First index whose time is ≥ `time` (samples are in time order). */
export function lowerBound(samples: readonly SystemSample[], time: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The samples inside a window that ends at the newest sample (not at the wall clock, so a paused
 * view stays put). One sample before the window's start is kept, so lines enter from the left edge.
 */
export function windowOf(samples: readonly SystemSample[], windowMs: number): readonly SystemSample[] {
  const last = samples[samples.length - 1];
  if (!last) return samples;
  const start = Math.max(0, lowerBound(samples, last.time - windowMs) - 1);
  return start === 0 ? samples : samples.slice(start);
}

/**
 * Sampling stopped between these two samples: the time between them is more than 2.5 intervals. A gap
 * shorter than the longest interval (10 s) is never called one, so switching from 1 s to 10 s sampling
 * does not break the line; the smaller of the two samples' own intervals is the cadence, because the
 * first sample after a stop covers the whole stop.
 */
export function isSamplingGap(previous: SystemSample, current: SystemSample): boolean {
  const gap = current.time - previous.time;
  return gap > 10_500 && gap > 2.5 * Math.min(previous.intervalMs, current.intervalMs);
}

/** A stretch of time with no samples: the charts leave it empty and say why on hover. */
export interface SamplingGap {
  /** Time of the last sample before it. */
  from: number;
  /** Time of the first sample after it. */
  to: number;
}

/** Every gap in a series, oldest first (one pass; samples are in time order). */
export function samplingGaps(samples: readonly SystemSample[]): SamplingGap[] {
  const gaps: SamplingGap[] = [];
  for (let i = 1; i < samples.length; i++) {
    const previous = samples[i - 1]!;
    const current = samples[i]!;
    if (isSamplingGap(previous, current)) gaps.push({ from: previous.time, to: current.time });
  }
  return gaps;
}
