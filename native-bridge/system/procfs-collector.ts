import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TriageError } from '../contract/triage-error.js';
import type { CpuTimes, DiskRates, NetRates, Pressure, SystemSample } from '../contract/system.js';
import { countProcesses } from './count-processes.js';
import { cpuPercent } from './cpu-usage.js';
import { readPageSize } from '../procfs/page-size.js';
import { parseMeminfo } from '../procfs/parse-meminfo.js';
import { parseNetDev, type NetCounters } from '../procfs/parse-net-dev.js';
import { ProcFile } from '../procfs/proc-file.js';
import { textOrNull } from '../procfs/read.js';
import { parseDiskstats, SECTOR_BYTES, type DiskCounters } from './parse-diskstats.js';
import { parseLoadavg } from './parse-loadavg.js';
import { parsePressure } from './parse-pressure.js';
import { parseStat, type CpuJiffies } from './parse-stat.js';
import { parseUptime } from './parse-uptime.js';
import { parseVmstat, type SwapCounters } from './parse-vmstat.js';

export interface ProcfsCollectorOptions {
  /** Where procfs is mounted; tests point this at a folder of fixture files. */
  procRoot?: string;
  /** Monotonic milliseconds, for the interval the rates cover (default performance.now). */
  now?: () => number;
  /** Wall-clock milliseconds since the epoch, for the sample's `time` (default Date.now). */
  wallClock?: () => number;
  /** Bytes per page for the swap rates (default: read from <procRoot>/self/smaps, else 4096). */
  pageSize?: number;
  /**
   * How long a process count may be reused, ms (default 5000; 0 counts on every sample). Counting lists /proc, which
   * costs the kernel ~1-2 µs per process: ~1 ms with 600 processes, the whole per-sample budget. The count moves
   * slowly, so it is refreshed every few seconds; the first sample always counts.
   */
  processCountMaxAgeMs?: number;
}

export type ProcfsCollector = ReturnType<typeof createProcfsCollector>;

/** The counters that only mean something as a difference between two readings. */
interface Counters {
  at: number;
  cpuTotal: CpuJiffies;
  /** Indexed by the N of cpuN. */
  cpuCores: CpuJiffies[];
  swap: SwapCounters | null;
  disks: Map<string, DiskCounters>;
  net: Map<string, NetCounters>;
}

/**
 * Reads the dashboard's figures from /proc. Rates are differences between this reading and the previous one over the
 * monotonic time between them. A baseline is read when the collector is created, so the first sample() already has an
 * interval: the time since creation. A disk or interface that appears between two samples shows 0 for its first
 * sample; a counter that goes backwards (wrap, device reset) also gives 0 rather than a negative rate.
 *
 * /proc/stat, meminfo, loadavg and uptime are required (their absence throws); vmstat, diskstats, net/dev and
 * pressure are optional and give zeros, empty lists or null when missing or unreadable.
 */
// eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
export function createProcfsCollector(options: ProcfsCollectorOptions = {}) {
  const procRoot = options.procRoot ?? '/proc';
  const now = options.now ?? (() => performance.now());
  const wallClock = options.wallClock ?? Date.now;
  const pageSize = options.pageSize ?? readPageSize(procRoot);
  const processCountMaxAgeMs = options.processCountMaxAgeMs ?? 5000;
  let processCount: { at: number; value: number } | null = null;
  const processes = (at: number): number => {
    if (!processCount || at - processCount.at >= processCountMaxAgeMs) {
      processCount = { at, value: countProcesses(procRoot) };
    }
    return processCount.value;
  };

  const file = (path: string): ProcFile => new ProcFile(join(procRoot, path), 4096, 'keep');
  const files = {
    stat: file('stat'),
    meminfo: file('meminfo'),
    loadavg: file('loadavg'),
    uptime: file('uptime'),
    vmstat: file('vmstat'),
    diskstats: file('diskstats'),
    netDev: file('net/dev'),
    psiCpu: file('pressure/cpu'),
    psiMemory: file('pressure/memory'),
    psiIo: file('pressure/io'),
  };
  const all = Object.values(files);
  const closeAll = (): void => all.forEach((f) => f.close());
  if (!files.stat.isOpen) {
    closeAll();
    throw new TriageError(
      'UNSUPPORTED',
      'This system has no readable /proc/stat, so live figures cannot be read from /proc.',
      files.stat.path,
    );
  }
  const hasPressure = files.psiCpu.isOpen || files.psiMemory.isOpen || files.psiIo.isOpen;
  const wholeDiskCache = new Map<string, boolean>();
  let closed = false;

  const readCounters = (at: number): Counters & { coreCount: number } => {
    const stat = parseRequired(files.stat, parseStat);
    const cpuCores: CpuJiffies[] = [];
    for (const core of stat.cores) cpuCores[core.id] = core.jiffies;
    const vmstat = textOrNull(files.vmstat.read());
    const diskstats = textOrNull(files.diskstats.read());
    // Interface names may be UTF-8.
    const netDev = textOrNull(files.netDev.read('utf8'));
    return {
      at,
      cpuTotal: stat.total,
      cpuCores,
      coreCount: stat.cores.length,
      swap: vmstat === null ? null : parseVmstat(vmstat),
      disks: byName(diskstats === null ? [] : parseDiskstats(diskstats, wholeDiskCache)),
      net: byName(netDev === null ? [] : parseNetDev(netDev)),
    };
  };

  let prev: Counters;
  try {
    prev = readCounters(now());
  } catch (error) {
    closeAll();
    throw error;
  }

  return {
    source: 'procfs' as const,
    /** Synchronous on purpose: a handful of preads, well under a millisecond of CPU. */
    sample(): SystemSample {
      if (closed) throw new TriageError('INTERNAL', 'The system collector was already closed.');
      const time = wallClock();
      const cur = readCounters(now());
      const intervalMs = cur.at - prev.at;
      const perSec = intervalMs > 0 ? 1000 / intervalMs : 0;

      const cores: CpuTimes[] = [];
      cur.cpuCores.forEach((jiffies, id) => cores.push(cpuPercent(prev.cpuCores[id] ?? jiffies, jiffies)));

      const mem = parseRequired(files.meminfo, parseMeminfo);
      const load = parseRequired(files.loadavg, parseLoadavg);
      const uptime = parseRequired(files.uptime, parseUptime);
      const swapPages = (pick: (s: SwapCounters) => number): number =>
        cur.swap && prev.swap ? rate(pick(prev.swap), pick(cur.swap), perSec) * pageSize : 0;

      const sample: SystemSample = {
        time,
        intervalMs,
        cpu: { total: cpuPercent(prev.cpuTotal, cur.cpuTotal), cores },
        load: { one: load.one, five: load.five, fifteen: load.fifteen, cores: cur.coreCount },
        memory: {
          totalBytes: mem.totalBytes,
          usedBytes: Math.max(0, mem.totalBytes - mem.availableBytes),
          availableBytes: mem.availableBytes,
          freeBytes: mem.freeBytes,
          buffersBytes: mem.buffersBytes,
          // As `free` shows it: page cache plus reclaimable slab.
          cachedBytes: mem.cachedBytes + mem.sReclaimableBytes,
          swapTotalBytes: mem.swapTotalBytes,
          swapUsedBytes: Math.max(0, mem.swapTotalBytes - mem.swapFreeBytes),
          swapInBytesPerSec: swapPages((s) => s.pswpin),
          swapOutBytesPerSec: swapPages((s) => s.pswpout),
        },
        pressure: hasPressure ? readAllPressure(files.psiCpu, files.psiMemory, files.psiIo) : null,
        disks: diskRates(prev.disks, cur.disks, perSec, intervalMs),
        net: netRates(prev.net, cur.net, perSec),
        uptimeSec: uptime.uptimeSec,
        processes: processes(cur.at),
        source: 'procfs',
      };
      prev = cur;
      return sample;
    },
    close(): void {
      closed = true;
      closeAll();
    },
  };
}

function parseRequired<T>(file: ProcFile, parse: (text: string) => T): T {
  const text = textOrNull(file.read());
  if (text === null) {
    throw new TriageError('IO_ERROR', `Could not read ${file.path}, which live system figures need.`, file.path);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new TriageError(
      'IO_ERROR',
      `${file.path} did not have the expected format, so live system figures cannot be read.`,
      error instanceof Error ? error.message : String(error),
    );
  }
}

function readPressure(file: ProcFile): Pressure | null {
  const text = textOrNull(file.read());
  return text === null ? null : parsePressure(text);
}

/** Null as a whole when no file answers: PSI compiled in but disabled (psi=0) fails every read with EOPNOTSUPP. */
function readAllPressure(cpu: ProcFile, memory: ProcFile, io: ProcFile): SystemSample['pressure'] {
  const out = { cpu: readPressure(cpu), memory: readPressure(memory), io: readPressure(io) };
  return out.cpu || out.memory || out.io ? out : null;
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(item.name, item);
  return map;
}

/** Per-second rate of a counter; a counter that went backwards (wrap or reset) gives 0. */
function rate(prev: number, cur: number, perSec: number): number {
  return cur >= prev ? (cur - prev) * perSec : 0;
}

function diskRates(
  prev: Map<string, DiskCounters>,
  cur: Map<string, DiskCounters>,
  perSec: number,
  intervalMs: number,
): DiskRates[] {
  const out: DiskRates[] = [];
  for (const [name, c] of cur) {
    const p = prev.get(name) ?? c;
    const busyMs = c.ioTicksMs >= p.ioTicksMs ? c.ioTicksMs - p.ioTicksMs : 0;
    out.push({
      name,
      readBytesPerSec: rate(p.sectorsRead, c.sectorsRead, perSec) * SECTOR_BYTES,
      writeBytesPerSec: rate(p.sectorsWritten, c.sectorsWritten, perSec) * SECTOR_BYTES,
      readsPerSec: rate(p.reads, c.reads, perSec),
      writesPerSec: rate(p.writes, c.writes, perSec),
      // io_ticks has millisecond resolution and is sampled a little apart from our clock: clamp to 100.
      busyPercent: intervalMs > 0 ? Math.min(100, (busyMs / intervalMs) * 100) : 0,
    });
  }
  return out;
}

function netRates(prev: Map<string, NetCounters>, cur: Map<string, NetCounters>, perSec: number): NetRates[] {
  const out: NetRates[] = [];
  for (const [name, c] of cur) {
    const p = prev.get(name) ?? c;
    out.push({
      name,
      rxBytesPerSec: rate(p.rxBytes, c.rxBytes, perSec),
      txBytesPerSec: rate(p.txBytes, c.txBytes, perSec),
      rxErrorsPerSec: rate(p.rxErrors, c.rxErrors, perSec),
      txErrorsPerSec: rate(p.txErrors, c.txErrors, perSec),
      rxDropsPerSec: rate(p.rxDrops, c.rxDrops, perSec),
      txDropsPerSec: rate(p.txDrops, c.txDrops, perSec),
    });
  }
  return out;
}
