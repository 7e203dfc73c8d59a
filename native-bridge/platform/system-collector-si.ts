import { cpus, loadavg, uptime } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Systeminformation } from 'systeminformation';
import { loadSystemInformation } from './systeminformation.js';
import type { CpuTimes, DiskRates, NetRates, SystemSample } from '../contract/system.js';

export interface SiCollectorOptions {
  /** Monotonic milliseconds, for the interval the rates cover (default performance.now). */
  now?: () => number;
  /** Wall-clock milliseconds since the epoch (default Date.now). */
  wallClock?: () => number;
  /**
   * How long a process count may be reused. Counting runs `ps` (or its Windows equivalent) and costs far more than
   * the rest of the sample, so by default it is refreshed at most every 10 s. 0 counts on every sample.
   */
  processCountMaxAgeMs?: number;
}


/** Counters read through systeminformation; rates are computed here, over our own clock, like the procfs collector. */
interface Counters {
  at: number;
  cpu: Systeminformation.CurrentLoadData | null;
  mem: Systeminformation.MemData | null;
  diskOps: Systeminformation.DisksIoData | null;
  diskBytes: Systeminformation.FsStatsData | null;
  net: Systeminformation.NetworkStatsData[];
}

/** The name of the one aggregate entry in `disks`: systeminformation only gives totals over all disks. */
export const ALL_DISKS = 'all disks';

/**
 * The non-Linux fallback: the same SystemSample from systeminformation. What it cannot know is reported as 0
 * (iowait, swap rates, disk busy %) or null (pressure); disks come as one aggregate entry. A baseline is read when
 * the collector is created, so the first sample covers the time since then. Overlapping calls share one reading:
 * systeminformation shells out, and two readings at once would only slow both.
 *
 * Only constant arguments ever reach systeminformation ('*' for all interfaces): it builds shell commands.
 */
// eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
export function createSiCollector(options: SiCollectorOptions = {}) {
  const now = options.now ?? (() => performance.now());
  const wallClock = options.wallClock ?? Date.now;
  const processCountMaxAgeMs = options.processCountMaxAgeMs ?? 10_000;
  let processCount: { at: number; value: number } | null = null;
  let inFlight: Promise<SystemSample> | null = null;
  let closed = false;

  const countProcesses = async (): Promise<number> => {
    const at = now();
    if (processCount && at - processCount.at < processCountMaxAgeMs) return processCount.value;
    const si = await loadSystemInformation();
    const value = await si
      .processes()
      .then((p) => (Number.isInteger(p.all) ? p.all : 0))
      .catch(() => processCount?.value ?? 0);
    processCount = { at, value };
    return value;
  };

  const readCounters = async (): Promise<Counters> => {
    // Stamped before the calls: the first systeminformation calls are much slower than later ones.
    const si = await loadSystemInformation();
    const at = now();
    const [cpu, mem, diskOps, diskBytes, net] = await Promise.all([
      si.currentLoad().catch(() => null),
      si.mem().catch(() => null),
      si.disksIO().catch(() => null),
      si.fsStats().catch(() => null),
      si.networkStats('*').catch(() => []),
    ]);
    return { at, cpu, mem, diskOps, diskBytes, net: Array.isArray(net) ? net : [] };
  };

  let prev: Promise<Counters> = readCounters();

  const takeSample = async (): Promise<SystemSample> => {
    const before = await prev;
    const [cur, processes] = await Promise.all([readCounters(), countProcesses()]);
    prev = Promise.resolve(cur);
    const time = wallClock();
    const intervalMs = cur.at - before.at;
    const perSec = intervalMs > 0 ? 1000 / intervalMs : 0;
    const [one, five, fifteen] = loadavg();
    const mem = cur.mem;
    const available = num(mem?.available);
    const total = num(mem?.total);
    return {
      time,
      intervalMs,
      cpu: {
        total: cur.cpu ? cpuTimes(cur.cpu.currentLoadUser, cur.cpu.currentLoadNice, cur.cpu.currentLoadSystem, cur.cpu.currentLoadIrq, cur.cpu.currentLoadSteal) : zeroCpu(),
        cores: (cur.cpu?.cpus ?? []).map((c) => cpuTimes(c.loadUser, c.loadNice, c.loadSystem, c.loadIrq, c.loadSteal)),
      },
      load: { one: num(one), five: num(five), fifteen: num(fifteen), cores: cur.cpu?.cpus.length || cpus().length },
      memory: {
        totalBytes: total,
        usedBytes: Math.max(0, total - available),
        availableBytes: available,
        freeBytes: num(mem?.free),
        buffersBytes: num(mem?.buffers),
        cachedBytes: num(mem?.cached) + num(mem?.reclaimable),
        swapTotalBytes: num(mem?.swaptotal),
        swapUsedBytes: num(mem?.swapused),
        swapInBytesPerSec: 0,
        swapOutBytesPerSec: 0,
      },
      pressure: null,
      disks: diskRates(before, cur, perSec),
      net: netRates(before.net, cur.net, perSec),
      uptimeSec: uptime(),
      processes,
      source: 'systeminformation',
    };
  };

  return {
    source: 'systeminformation' as const,
    sample(): Promise<SystemSample> {
      if (closed) return Promise.reject(new Error('The system collector was already closed.'));
      inFlight ??= takeSample().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    close(): void {
      closed = true;
    },
  };
}

/** systeminformation fills unknown numbers with null, -1 or NaN depending on platform: all become 0. */
function num(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function cpuTimes(user: number, nice: number, system: number, irq: number, steal: number): CpuTimes {
  const u = clampPercent(num(user) + num(nice));
  const s = clampPercent(num(system) + num(irq));
  const st = clampPercent(num(steal));
  return { user: u, system: s, iowait: 0, steal: st, busy: clampPercent(u + s + st) };
}

function zeroCpu(): CpuTimes {
  return { user: 0, system: 0, iowait: 0, steal: 0, busy: 0 };
}

function rate(prev: number | null | undefined, cur: number | null | undefined, perSec: number): number {
  const p = num(prev);
  const c = num(cur);
  return c >= p ? (c - p) * perSec : 0;
}

function diskRates(prev: Counters, cur: Counters, perSec: number): DiskRates[] {
  if (!cur.diskOps && !cur.diskBytes) return [];
  return [
    {
      name: ALL_DISKS,
      readBytesPerSec: rate(prev.diskBytes?.rx, cur.diskBytes?.rx, perSec),
      writeBytesPerSec: rate(prev.diskBytes?.wx, cur.diskBytes?.wx, perSec),
      readsPerSec: rate(prev.diskOps?.rIO, cur.diskOps?.rIO, perSec),
      writesPerSec: rate(prev.diskOps?.wIO, cur.diskOps?.wIO, perSec),
      busyPercent: 0,
    },
  ];
}

function netRates(
  prev: readonly Systeminformation.NetworkStatsData[],
  cur: readonly Systeminformation.NetworkStatsData[],
  perSec: number,
): NetRates[] {
  const before = new Map(prev.map((n) => [n.iface, n]));
  return cur.map((c) => {
    const p = before.get(c.iface) ?? c;
    return {
      name: String(c.iface),
      rxBytesPerSec: rate(p.rx_bytes, c.rx_bytes, perSec),
      txBytesPerSec: rate(p.tx_bytes, c.tx_bytes, perSec),
      rxErrorsPerSec: rate(p.rx_errors, c.rx_errors, perSec),
      txErrorsPerSec: rate(p.tx_errors, c.tx_errors, perSec),
      rxDropsPerSec: rate(p.rx_dropped, c.rx_dropped, perSec),
      txDropsPerSec: rate(p.tx_dropped, c.tx_dropped, perSec),
    };
  });
}
