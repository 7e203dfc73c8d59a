import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixtures.js';
import { isWholeDisk, parseDiskstats } from './parse-diskstats.js';

describe('parseDiskstats', () => {
  it('keeps the whole disk of a real /proc/diskstats and drops loop and zram devices', () => {
    expect(parseDiskstats(fixture('diskstats.txt'))).toEqual([
      { name: 'vda', reads: 30259, sectorsRead: 1512914, writes: 21092, sectorsWritten: 2774936, ioTicksMs: 3824 },
    ]);
  });

  it('keeps whole disks, device-mapper and md; drops partitions, loop, ram, zram, sr, fd; reads 11-field lines', () => {
    const disks = parseDiskstats(fixture('diskstats-mixed.txt'));
    expect(disks.map((d) => d.name)).toEqual(['sda', 'nvme0n1', 'mmcblk0', 'vda', 'xvda', 'dm-0', 'md0']);
    expect(disks.find((d) => d.name === 'mmcblk0')).toEqual({
      name: 'mmcblk0',
      reads: 300,
      sectorsRead: 2400,
      writes: 0,
      sectorsWritten: 0,
      ioTicksMs: 90,
    });
    expect(disks.find((d) => d.name === 'nvme0n1')!.ioTicksMs).toBe(4000);
  });

  it('classifies names', () => {
    for (const name of ['sda', 'sdab', 'nvme0n1', 'nvme10n2', 'mmcblk1', 'dm-3', 'md127', 'vdb', 'xvdf', 'hda', 'nbd0']) {
      expect(isWholeDisk(name), name).toBe(true);
    }
    for (const name of ['sda1', 'sdab12', 'nvme0n1p3', 'mmcblk0p2', 'md127p1', 'vdb2', 'xvdf1', 'loop7', 'ram15', 'zram0', 'sr0', 'fd0']) {
      expect(isWholeDisk(name), name).toBe(false);
    }
  });

  it('caches the verdict per name', () => {
    const cache = new Map<string, boolean>();
    parseDiskstats(fixture('diskstats-mixed.txt'), cache);
    expect(cache.get('sda1')).toBe(false);
    expect(cache.get('dm-0')).toBe(true);
  });

  it('ignores blank and short lines', () => {
    expect(parseDiskstats('\n   8 0 sda 1 2\n')).toEqual([]);
  });
});
