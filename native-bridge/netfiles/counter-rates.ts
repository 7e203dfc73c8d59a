import type { NetCounters } from '../procfs/parse-net-dev.js';

/** One reading of a net/dev table: `at` is a monotonic clock (ms) for rates, `time` the wall clock for display. */
export interface NetDevSample {
  at: number;
  time: number;
  counters: NetCounters[];
}

export interface CounterRate {
  name: string;
  rxBytes: number;
  txBytes: number;
  rxBytesPerSec: number;
  txBytesPerSec: number;
}

/**
 * Per-interface byte rates between two readings of the same net/dev table (host or one namespace).
 * No previous reading, or an interface absent from it, gives 0 rates rather than a guess.
 */
export function counterRates(previous: NetDevSample | null, current: NetDevSample): { intervalMs: number; interfaces: CounterRate[] } {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  // A counter that went down (interface re-created) restarts the rate from zero.
  const rate = (now: number, then: number | undefined): number => (seconds > 0 && then !== undefined && now >= then ? (now - then) / seconds : 0);
  return {
    intervalMs: Math.round(seconds * 1000),
    interfaces: current.counters.map((c) => {
      const before = previous?.counters.find((p) => p.name === c.name);
      return { name: c.name, rxBytes: c.rxBytes, txBytes: c.txBytes, rxBytesPerSec: rate(c.rxBytes, before?.rxBytes), txBytesPerSec: rate(c.txBytes, before?.txBytes) };
    }),
  };
}
