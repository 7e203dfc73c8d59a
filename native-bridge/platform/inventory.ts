import { arch, hostname, platform, release } from 'node:os';
import type { Systeminformation } from 'systeminformation';
import { loadSystemInformation } from './systeminformation.js';
import { Inventory } from '../contract/system.js';
import { readCpuSpeedGHz, readLinuxDisks, readLinuxFilesystems } from '../system/linux-hardware.js';

export interface InventoryOptions {
  /** Longest wait for each part; a part that takes longer is left out (empty list or fallback values). */
  timeoutMs?: number;
  /**
   * Linux: read disks, filesystems and CPU speed from these roots, the same files the live views read,
   * instead of systeminformation (whose lsblk view missed virtio disks and whose df % differed).
   */
  linux?: { procRoot: string; sysRoot: string };
}

/**
 * What the machine is, once: systeminformation shells out for most of it (lsblk, df, dmidecode…), so each part is
 * raced against a timeout and a part that fails or hangs degrades to an empty list or Node's own values instead of
 * failing the whole inventory. Only constant arguments are passed to systeminformation.
 */
export async function readInventory(options: InventoryOptions = {}): Promise<Inventory> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const part = <T>(promise: () => Promise<T>): Promise<T | null> => withTimeout(promise, timeoutMs);
  const si = await loadSystemInformation();
  const [cpu, os, mem, disks, filesystems, network, battery] = await Promise.all([
    part(() => si.cpu()),
    part(() => si.osInfo()),
    part(() => si.mem()),
    part(() => si.diskLayout()),
    part(() => si.fsSize()),
    part(() => si.networkInterfaces()),
    part(() => si.battery()),
  ]);
  const linux = options.linux;
  const linuxDisks = linux ? readLinuxDisks(linux.procRoot, linux.sysRoot) : null;
  const linuxFilesystems = linux ? readLinuxFilesystems(linux.procRoot) : null;
  const linuxSpeed = linux ? readCpuSpeedGHz(linux.procRoot, linux.sysRoot) : null;
  return Inventory.parse({
    hostname: str(os?.hostname) || hostname(),
    os: {
      platform: str(os?.platform) || platform(),
      distro: str(os?.distro),
      release: str(os?.release),
      kernel: str(os?.kernel) || release(),
      arch: str(os?.arch) || arch(),
    },
    cpu: {
      manufacturer: str(cpu?.manufacturer),
      brand: str(cpu?.brand),
      physicalCores: int(cpu?.physicalCores),
      logicalCores: int(cpu?.cores),
      speedGHz: num(cpu?.speed) || (linuxSpeed ?? 0),
    },
    memory: { totalBytes: num(mem?.total), swapTotalBytes: num(mem?.swaptotal) },
    disks: linuxDisks ?? list(disks).map((d: Systeminformation.DiskLayoutData) => ({
      name: diskName(d),
      type: str(d.type),
      sizeBytes: num(d.size),
      vendor: str(d.vendor),
    })),
    filesystems: linuxFilesystems ?? list(filesystems).map((f: Systeminformation.FsSizeData) => ({
      mount: str(f.mount),
      fsType: str(f.type),
      sizeBytes: num(f.size),
      usedBytes: num(f.used),
    })),
    network: list(network).map((n: Systeminformation.NetworkInterfacesData) => ({
      name: str(n.iface),
      ip4: str(n.ip4),
      ip6: str(n.ip6),
      mac: str(n.mac),
      speedMbps: typeof n.speed === 'number' && Number.isFinite(n.speed) && n.speed > 0 ? n.speed : null,
    })),
    battery: toBattery(battery),
  });
}

export function toBattery(b: Systeminformation.BatteryData | null): Inventory['battery'] {
  if (!b || !b.hasBattery) return null;
  return {
    percent: num(b.percent),
    charging: b.isCharging === true,
    cycleCount: typeof b.cycleCount === 'number' && Number.isFinite(b.cycleCount) && b.cycleCount > 0 ? b.cycleCount : null,
    model: str(b.model),
  };
}

/** `Samsung SSD 970 (/dev/nvme0n1)` when both are known: the model says what it is, the device which one it is. */
function diskName(d: Systeminformation.DiskLayoutData): string {
  const model = str(d.name).trim();
  const device = str(d.device).trim();
  if (model && device) return `${model} (${device})`;
  return model || device;
}

/** Resolves to null instead of rejecting or hanging: one bad part must not cost the whole inventory. */
export async function withTimeout<T>(start: () => Promise<T>, timeoutMs: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(start)
        .catch(() => null),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function list<T>(value: T[] | T | null): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function int(value: unknown): number {
  return Math.round(num(value));
}
