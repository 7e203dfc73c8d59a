import { performance } from 'node:perf_hooks';
import { loadSystemInformation } from './systeminformation.js';
import type { ProcessRow } from '../contract/processes.js';
import { cpuCount, totalMemoryBytes } from '../processes/host-facts.js';
import type { ProcessSampler, ProcessTable } from '../processes/sampler.js';

const STATE: Record<string, string> = {
  running: 'R',
  sleeping: 'S',
  blocked: 'D',
  stopped: 'T',
  zombie: 'Z',
  idle: 'I',
  unknown: '?',
};

/**
 * systeminformation.processes() behind the same interface, for platforms without /proc. It shells out
 * (ps, wmic…) and is far slower; no renderer-provided string ever reaches it. Without clock ticks the
 * start time in ms since the epoch stands in for the identity's startTime.
 */
export function createSiSampler(): ProcessSampler {
  let lastAt: number | null = null;
  const ncpu = cpuCount();
  return {
    source: 'systeminformation',
    async sample(): Promise<ProcessTable> {
      const si = await loadSystemInformation();
      const data = await si.processes();
      const now = performance.now();
      const intervalMs = lastAt === null ? 0 : Math.round(now - lastAt);
      lastAt = now;
      const rows: ProcessRow[] = [];
      for (const p of data.list) {
        if (!Number.isInteger(p.pid) || p.pid < 1) continue;
        const started = Date.parse(p.started.replace(' ', 'T'));
        const startedAt = Number.isFinite(started) ? started : 0;
        const cpu = Math.round((p.cpu ?? 0) * ncpu * 10) / 10;
        rows.push({
          pid: p.pid,
          startTime: Math.max(0, startedAt),
          ppid: Math.max(0, p.parentPid ?? 0),
          startedAt,
          uid: null,
          user: p.user ?? '',
          name: p.name ?? '',
          state: STATE[p.state] ?? '?',
          cpu,
          cpuMachine: Math.round((p.cpu ?? 0) * 10) / 10,
          cpuTime: 0,
          rss: (p.memRss ?? 0) * 1024,
          shared: null,
          vsize: (p.memVsz ?? 0) * 1024,
          swap: null,
          threads: 1,
          nice: p.nice ?? 0,
          priority: p.priority ?? 0,
          ioReadPerSec: null,
          ioWritePerSec: null,
          cmdline: [p.path && p.command ? `${p.command}` : p.name, p.params].filter(Boolean).join(' '),
        });
      }
      return { time: Date.now(), intervalMs, ncpu, totalMemoryBytes: totalMemoryBytes(), source: 'systeminformation', rows };
    },
    close() {
      lastAt = null;
    },
  };
}
