import { readFileSync } from 'node:fs';
import type { Inventory } from '../contract/system.js';
import { readFilesystems, readMounts } from '../procfs/filesystems.js';
import { parseDiskstats, SECTOR_BYTES } from './parse-diskstats.js';

// The inventory's Linux facts come from the same files as the live views, so About, the dashboard and
// Disk & I/O cannot disagree: one source for each fact.

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

// PCI vendor ids seen on virtual disks, which have no vendor name in sysfs.
const PCI_VENDORS: Record<string, string> = { '0x1af4': 'virtio', '0x15ad': 'VMware', '0x1414': 'Microsoft Hyper-V' };

/** The disks the dashboard charts (whole disks of /proc/diskstats), with size, kind and maker from /sys/block. */
export function readLinuxDisks(procRoot = '/proc', sysRoot = '/sys'): Inventory['disks'] | null {
  const stats = read(`${procRoot}/diskstats`);
  if (stats === null) return null;
  return parseDiskstats(stats).map(({ name }) => {
    const dir = `${sysRoot}/block/${name.replace(/\//g, '!')}`;
    const sectors = Number(read(`${dir}/size`) ?? 0);
    const model = read(`${dir}/device/model`) ?? '';
    const vendorText = read(`${dir}/device/vendor`) ?? '';
    const rotational = read(`${dir}/queue/rotational`);
    const virtual = /^(vd|xvd)/.test(name) || vendorText in PCI_VENDORS;
    return {
      name: model ? `${model} (${name})` : name,
      type: virtual ? 'virtual' : rotational === '1' ? 'HD' : rotational === '0' ? 'SSD' : '',
      sizeBytes: Number.isFinite(sectors) ? sectors * SECTOR_BYTES : 0,
      vendor: PCI_VENDORS[vendorText] ?? vendorText,
    };
  });
}

/** The filesystems of Disk & I/O, with the same used % (used / (used + available), as df). */
export function readLinuxFilesystems(procRoot = '/proc'): Inventory['filesystems'] | null {
  const mounts = readMounts(procRoot);
  if (mounts.length === 0) return null;
  return readFilesystems(mounts).map((f) => ({
    mount: f.mountPoint,
    fsType: f.fsType,
    sizeBytes: f.sizeBytes,
    usedBytes: f.usedBytes,
    availableBytes: f.availableBytes,
    usedPercent: f.usedPercent,
  }));
}

/** Pure: the highest "cpu MHz" of /proc/cpuinfo, in GHz; null when absent. */
export function parseCpuinfoGHz(text: string): number | null {
  const values = [...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1])).filter((n) => Number.isFinite(n) && n > 0);
  return values.length ? Math.max(...values) / 1000 : null;
}

/**
 * The CPU's base speed: cpufreq's base_frequency (or its maximum), else what /proc/cpuinfo reports (a VM
 * has no cpufreq; its cpuinfo figure is the nominal clock). Null when none says.
 */
export function readCpuSpeedGHz(procRoot = '/proc', sysRoot = '/sys'): number | null {
  for (const file of ['base_frequency', 'cpuinfo_max_freq']) {
    const kHz = Number(read(`${sysRoot}/devices/system/cpu/cpu0/cpufreq/${file}`));
    if (Number.isFinite(kHz) && kHz > 0) return kHz / 1e6;
  }
  const cpuinfo = read(`${procRoot}/cpuinfo`);
  return cpuinfo === null ? null : parseCpuinfoGHz(cpuinfo);
}
