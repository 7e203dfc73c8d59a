import { cpuUsage } from 'node:process';

/** Median of a list of numbers (noisy shared machine: never a single time). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU time (user+system, ms) this process spends in fn, per call, as the median of `rounds` rounds. */
export async function cpuMsPerCall(fn: () => unknown, calls: number, rounds = 7): Promise<number> {
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = cpuUsage();
    for (let i = 0; i < calls; i++) await fn();
    const used = cpuUsage(start);
    perRound.push((used.user + used.system) / 1000 / calls);
  }
  return median(perRound);
}
