import { describe, expect, it } from 'vitest';
import { cpuPercent } from './cpu-usage.js';
import type { CpuJiffies } from './parse-stat.js';

const base: CpuJiffies = { user: 100, nice: 10, system: 50, idle: 1000, iowait: 20, irq: 5, softirq: 5, steal: 0 };

describe('cpuPercent', () => {
  it('splits the ticks between two readings into parts that add up to busy', () => {
    const next: CpuJiffies = { user: 130, nice: 20, system: 70, idle: 1100, iowait: 30, irq: 10, softirq: 10, steal: 20 };
    // 200 ticks: user 30+10, system 20+5+5, iowait 10, steal 20, idle 100.
    expect(cpuPercent(base, next)).toEqual({ user: 20, system: 15, iowait: 5, steal: 10, busy: 50 });
  });

  it('gives zeros, not NaN, when no tick passed', () => {
    expect(cpuPercent(base, base)).toEqual({ user: 0, system: 0, iowait: 0, steal: 0, busy: 0 });
  });

  it('ignores a counter that stepped backwards (iowait on tickless kernels)', () => {
    const next: CpuJiffies = { ...base, user: 150, idle: 1050, iowait: 15 };
    expect(cpuPercent(base, next)).toEqual({ user: 50, system: 0, iowait: 0, steal: 0, busy: 50 });
  });
});
