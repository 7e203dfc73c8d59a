import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SystemSample } from '../contract/system.js';
import { createSiCollector } from './system-collector-si.js';

// systeminformation also supports Linux, so the fallback is exercised for real here.
describe('createSiCollector', () => {
  it('produces valid samples with the same shape as the procfs collector', async () => {
    const collector = createSiCollector();
    try {
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 2; i++) {
        const sample = SystemSample.parse(await collector.sample());
        expect(sample.source).toBe('systeminformation');
        expect(sample.intervalMs).toBeGreaterThan(0);
        expect(sample.cpu.cores).toHaveLength(cpus().length);
        expect(sample.load.cores).toBe(cpus().length);
        for (const times of [sample.cpu.total, ...sample.cpu.cores]) {
          expect(times.busy).toBeGreaterThanOrEqual(0);
          expect(times.busy).toBeLessThanOrEqual(100);
          expect(times.busy).toBeCloseTo(Math.min(100, times.user + times.system + times.iowait + times.steal), 9);
        }
        expect(sample.memory.totalBytes).toBeGreaterThan(0);
        expect(sample.memory.usedBytes + sample.memory.availableBytes).toBe(sample.memory.totalBytes);
        expect(sample.pressure).toBeNull();
        expect(sample.net.map((n) => n.name)).toContain('lo');
        expect(sample.processes).toBeGreaterThan(1);
      }
    } finally {
      collector.close();
    }
  });

  it('shares one reading between overlapping calls and refuses after close', async () => {
    const collector = createSiCollector();
    const a = collector.sample();
    const b = collector.sample();
    expect(a).toBe(b);
    await a;
    collector.close();
    await expect(collector.sample()).rejects.toThrow(/closed/);
  });
});
