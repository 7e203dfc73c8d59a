import type { CpuTimes } from '../contract/system.js';
import type { CpuJiffies } from './parse-stat.js';

const ZERO: CpuTimes = Object.freeze({ user: 0, system: 0, iowait: 0, steal: 0, busy: 0 });

/**
 * Percentages of the ticks between two readings. The contract's four parts add up to `busy`:
 * user = user + nice, system = system + irq + softirq, then iowait and steal.
 * Each counter's delta is clamped at 0 because iowait is known to step backwards on tickless kernels.
 * No ticks in between (two readings within one tick) gives all zeros rather than NaN.
 */
export function cpuPercent(prev: CpuJiffies, cur: CpuJiffies): CpuTimes {
  const user = delta(prev.user, cur.user) + delta(prev.nice, cur.nice);
  const system = delta(prev.system, cur.system) + delta(prev.irq, cur.irq) + delta(prev.softirq, cur.softirq);
  const iowait = delta(prev.iowait, cur.iowait);
  const steal = delta(prev.steal, cur.steal);
  const busy = user + system + iowait + steal;
  const total = busy + delta(prev.idle, cur.idle);
  if (total === 0) return { ...ZERO };
  const scale = 100 / total;
  return { user: user * scale, system: system * scale, iowait: iowait * scale, steal: steal * scale, busy: busy * scale };
}

function delta(prev: number, cur: number): number {
  return cur > prev ? cur - prev : 0;
}
