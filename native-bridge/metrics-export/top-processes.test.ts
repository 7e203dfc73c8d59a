import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../contract/processes.js';
import type { SystemSample } from '../contract/system.js';
import { ExportSeries } from './series.js';
import { boundedName, MAX_NAME_LENGTH, MAX_TOP, parseTop, topProcesses } from './top-processes.js';

function row(pid: number, cpu: number, rss: number, extra: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid, startTime: pid * 10, ppid: 1, startedAt: 0, uid: 1000, user: 'ann', name: `p${pid}`, state: 'S', cpu, cpuMachine: cpu / 2,
    cpuTime: 1, rss, shared: 0, vsize: rss * 2, swap: 0, threads: 1, nice: 0, priority: 20, ioReadPerSec: 0, ioWritePerSec: 0, cmdline: `p${pid} --flag`,
    ...extra,
  };
}

const sample: SystemSample = {
  time: 1_700_000_000_000, intervalMs: 1000,
  cpu: { total: { user: 10, system: 5, iowait: 1, steal: 0, busy: 16 }, cores: [{ user: 20, system: 10, iowait: 2, steal: 0, busy: 32.9 }] },
  load: { one: 1, five: 0.5, fifteen: 0.25, cores: 1 },
  memory: {
    totalBytes: 8e9, usedBytes: 3e9, availableBytes: 5e9, freeBytes: 1e9, buffersBytes: 0, cachedBytes: 0,
    swapTotalBytes: 2e9, swapUsedBytes: 1e8, swapInBytesPerSec: 0, swapOutBytesPerSec: 0,
  },
  pressure: null,
  disks: [{ name: 'sda', readBytesPerSec: 100, writeBytesPerSec: 200, readsPerSec: 1, writesPerSec: 2, busyPercent: 50 }],
  net: [{ name: 'eth0', rxBytesPerSec: 10, txBytesPerSec: 20, rxErrorsPerSec: 0, txErrorsPerSec: 0, rxDropsPerSec: 0, txDropsPerSec: 0 }],
  uptimeSec: 100, processes: 3, source: 'procfs',
};

describe('top processes', () => {
  it('exports the union of the top N by CPU and the top N by memory, each with both figures', () => {
    const rows = [row(1, 90, 10), row(2, 80, 20), row(3, 1, 9000), row(4, 2, 8000), row(5, 0, 5)];
    const top = topProcesses(rows, 2);
    expect(top.map((p) => p.labels.pid)).toEqual(['1', '2', '3', '4']);
    expect(top[0]).toEqual({ labels: { name: 'p1', pid: '1' }, cpuCores: 0.9, residentBytes: 10 });
  });

  it('is bounded: at most 2N processes and N at most MAX_TOP, whatever the table holds', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i + 1, i % 97, (i * 7919) % 10007));
    expect(topProcesses(rows, 10)).toHaveLength(20);
    expect(topProcesses(rows, 10_000).length).toBeLessThanOrEqual(2 * MAX_TOP);
    expect(topProcesses(rows, 0)).toEqual([]);
    // The ranking is exact: the top by CPU are the 96s, lowest pid first on ties.
    const byCpu = topProcesses(rows, 3).slice(0, 3);
    expect(byCpu.map((p) => p.cpuCores)).toEqual([0.96, 0.96, 0.96]);
    expect(byCpu.map((p) => Number(p.labels.pid))).toEqual([97, 194, 291]);
  });

  it('labels carry the name and pid only; names lose control characters and are cut to a bounded length', () => {
    expect(boundedName('evil\nname\r\u0007')).toBe('evil?name??');
    expect(boundedName('x'.repeat(200))).toHaveLength(MAX_NAME_LENGTH);
    expect(boundedName('quote"back\\slash')).toBe('quote"back\\slash');
    const [p] = topProcesses([row(7, 50, 1, { name: 'a\nb', cmdline: 'mysql --password=hunter2' })], 10);
    expect(Object.keys(p!.labels).sort()).toEqual(['name', 'pid']);
  });

  it('parseTop takes 1..MAX_TOP and says what else it wants', () => {
    expect(parseTop('10')).toBe(10);
    for (const bad of ['0', '51', '-1', '1.5', 'ten', '']) expect(() => parseTop(bad)).toThrow(/whole number from 1 to 50/);
  });
});

describe('export series', () => {
  it('renders well-formed OpenMetrics with no command line anywhere, even for hostile names', async () => {
    const series = new ExportSeries();
    const hostile = row(66, 99, 5e9, { name: 'x"} 1\ntriage_fake', cmdline: 'curl -H "Authorization: Bearer s3cret-token"' });
    series.fill({ sample, top: topProcesses([hostile, row(2, 1, 1)], 10) });
    const text = await series.registry.metrics();
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('curl');
    expect(text.endsWith('# EOF\n')).toBe(true);
    // Every line is a comment or a triage_ sample: the hostile name could not start a line of its own.
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE|EOF)|triage_[a-z_]+(\{.*\})? [-\d.e+]+$)/);
    expect(text).toContain('triage_process_cpu_cores{name="x\\"} 1?triage_fake",pid="66"} 0.99');
    expect(text).toContain('triage_memory_total_bytes 8000000000');
    expect(text).toContain('triage_cpu_core_busy_ratio{core="0"} 0.329');
    expect(text).toContain('triage_disk_busy_ratio{device="sda"} 0.5');
    // No PSI on this kernel: said as 0, and no pressure series rather than zeros.
    expect(text).toContain('triage_pressure_available 0');
    expect(text).not.toMatch(/^triage_pressure_some_ratio/m);
  });

  it('a feed not yet (or no longer) delivering gives no series rather than zeros', async () => {
    const series = new ExportSeries();
    series.fill({ sample, top: topProcesses([row(1, 1, 1)], 10) });
    series.fill({ sample, top: null });
    const text = await series.registry.metrics();
    expect(text).not.toMatch(/^triage_process_/m);
    expect(text).toMatch(/^triage_processes 3$/m);
  });
});
