import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixtures.js';
import { parseStat } from './parse-stat.js';

describe('parseStat', () => {
  it('reads the aggregate and per-CPU lines of a real /proc/stat', () => {
    const stat = parseStat(fixture('stat.txt'));
    expect(stat.total).toEqual({ user: 20332, nice: 0, system: 3096, idle: 124266, iowait: 251, irq: 0, softirq: 162, steal: 26 });
    expect(stat.cores.map((c) => c.id)).toEqual([0, 1]);
    expect(stat.cores[1]!.jiffies).toEqual({ user: 10114, nice: 0, system: 1493, idle: 62210, iowait: 115, irq: 0, softirq: 96, steal: 12 });
  });

  it('treats columns an old kernel does not print (steal) as 0, and keeps the ids of online CPUs only', () => {
    const stat = parseStat(fixture('stat-old-kernel.txt'));
    expect(stat.total).toEqual({ user: 100, nice: 5, system: 50, idle: 1000, iowait: 20, irq: 3, softirq: 2, steal: 0 });
    expect(stat.cores.map((c) => c.id)).toEqual([0, 2]);
    expect(stat.cores[1]!.jiffies.user).toBe(40);
  });

  it('rejects text without a cpu line', () => {
    expect(() => parseStat('intr 1 2 3\n')).toThrow(/no aggregate cpu line/);
    expect(() => parseStat('')).toThrow();
  });

  it('finds one line per CPU on this machine', () => {
    const stat = parseStat(readFileSync('/proc/stat', 'latin1'));
    expect(stat.cores.length).toBe(cpus().length);
    expect(stat.total.idle).toBeGreaterThan(0);
  });
});
