import type { Filesystem } from '../../contract/netfiles.js';
import type { ProcessRow } from '../../contract/processes.js';
import type { SystemSample } from '../../contract/system.js';
import type { Observation } from '../observation.js';

const cpu = (busy: number) => ({ user: busy, system: 0, iowait: 0, steal: 0, busy });

/** A plausible 2-core sample; override what a test is about. */
export function sample(time: number, over: { busy?: number; load?: number; availablePct?: number; swapMiBps?: number; psiCpu?: number; psiMem?: number; diskBusy?: number } = {}): SystemSample {
  const total = 8 * 1024 ** 3;
  const pressure = (v: number) => ({ some: { avg10: v, avg60: v, avg300: v }, full: { avg10: 0, avg60: 0, avg300: 0 } });
  return {
    time,
    intervalMs: 1000,
    cpu: { total: cpu(over.busy ?? 10), cores: [cpu(over.busy ?? 10), cpu(over.busy ?? 10)] },
    load: { one: over.load ?? 0.5, five: over.load ?? 0.5, fifteen: 0.5, cores: 2 },
    memory: {
      totalBytes: total,
      usedBytes: total / 2,
      availableBytes: (total * (over.availablePct ?? 50)) / 100,
      freeBytes: total / 4,
      buffersBytes: 0,
      cachedBytes: 0,
      swapTotalBytes: 2 * 1024 ** 3,
      swapUsedBytes: 0,
      swapInBytesPerSec: ((over.swapMiBps ?? 0) * 1024 ** 2) / 2,
      swapOutBytesPerSec: ((over.swapMiBps ?? 0) * 1024 ** 2) / 2,
    },
    pressure: { cpu: pressure(over.psiCpu ?? 0), memory: pressure(over.psiMem ?? 0), io: pressure(0) },
    disks: [{ name: 'vda', readBytesPerSec: 0, writeBytesPerSec: 0, readsPerSec: 0, writesPerSec: 0, busyPercent: over.diskBusy ?? 1 }],
    net: [],
    uptimeSec: 1000,
    processes: 100,
    source: 'procfs',
  };
}

let nextPid = 1000;
export function row(over: Partial<ProcessRow> = {}): ProcessRow {
  const pid = over.pid ?? nextPid++;
  return {
    pid, startTime: 1, ppid: 1, startedAt: 0, uid: 1000, user: 'u', name: `p${pid}`, state: 'S', cpu: 0, cpuMachine: 0, cpuTime: 0,
    rss: 1024 ** 2, shared: 0, vsize: 0, swap: 0, threads: 1, nice: 0, priority: 20, ioReadPerSec: 0, ioWritePerSec: 0, cmdline: '',
    ...over,
  };
}

export function filesystem(mountPoint: string, usedPercent: number, inodesPercent: number | null = 5, deletedOpenBytes = 0): Filesystem {
  return {
    mountPoint, source: 'tmpfs', fsType: 'tmpfs', sizeBytes: 100 * 1024 ** 2, usedBytes: usedPercent * 1024 ** 2,
    availableBytes: (100 - usedPercent) * 1024 ** 2, usedPercent, inodesTotal: 1000, inodesUsed: (inodesPercent ?? 0) * 10, inodesPercent, deletedOpenBytes,
  };
}

export function observation(now: number, over: Partial<Observation> = {}): Observation {
  return {
    now, startedAt: 0, system: [sample(now)], processes: { time: now, ncpu: 2, totalMemoryBytes: 8 * 1024 ** 3, rows: [] },
    diskWait: [], stopped: [], filesystems: [], kernel: [], hardware: [], clock: null, units: null, leaks: null, sockets: [], logs: null, crashes: { crashes: [], unreadable: [] }, ...over,
  };
}
