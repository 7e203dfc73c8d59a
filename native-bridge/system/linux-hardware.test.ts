import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFilesystems, readMounts } from '../procfs/filesystems.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { parseCpuinfoGHz, readCpuSpeedGHz, readLinuxDisks, readLinuxFilesystems } from './linux-hardware.js';

describe('one source per disk fact (About, dashboard, Disk & I/O)', () => {
  it('About lists the disks the dashboard charts, with their size from /sys/block', async () => {
    const collector = createSystemCollector();
    try {
      await collector.sample();
      const sample = await collector.sample();
      const inventory = await collector.inventory();
      const charted = sample.disks.map((d) => d.name).sort();
      expect(charted.length).toBeGreaterThan(0);
      // The inventory name is "MODEL (kernel name)" or the kernel name alone.
      expect(inventory.disks.map((d) => /\(([^)]+)\)$/.exec(d.name)?.[1] ?? d.name).sort()).toEqual(charted);
      for (const d of inventory.disks) {
        const kernelName = /\(([^)]+)\)$/.exec(d.name)?.[1] ?? d.name;
        expect(d.sizeBytes).toBe(Number(readFileSync(`/sys/block/${kernelName}/size`, 'utf8')) * 512);
      }
    } finally {
      collector.close();
    }
  });

  it('About\'s "/" used % is the one Disk & I/O shows (used / (used + available), as df)', () => {
    const about = readLinuxFilesystems()!.find((f) => f.mount === '/')!;
    const diskPage = readFilesystems(readMounts('/proc')).find((f) => f.mountPoint === '/')!;
    // Read a moment apart on a live disk: equal to within a hundredth of a percent.
    expect(about.usedPercent!).toBeCloseTo(diskPage.usedPercent, 2);
    expect(about.usedPercent!).toBeCloseTo((about.usedBytes / (about.usedBytes + about.availableBytes!)) * 100, 6);
  });

  it('reads the CPU speed where cpufreq is missing (a VM): /proc/cpuinfo', () => {
    expect(parseCpuinfoGHz('processor\t: 0\ncpu MHz\t\t: 2596.130\nprocessor\t: 1\ncpu MHz\t\t: 2400.000\n')).toBeCloseTo(2.59613, 5);
    expect(parseCpuinfoGHz('processor\t: 0\n')).toBeNull();
    const hasMHz = /^cpu MHz/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    if (hasMHz) expect(readCpuSpeedGHz()).toBeGreaterThan(0.1);
  });

  it('a root without the files gives null, so the caller falls back instead of saying "none"', () => {
    expect(readLinuxDisks('/nonexistent/proc', '/nonexistent/sys')).toBeNull();
    expect(readLinuxFilesystems('/nonexistent/proc')).toBeNull();
  });
});
