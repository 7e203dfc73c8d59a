import type { ProcessRow } from '../../contract/processes.js';
import type { StatScratch } from '../../procfs/parse-pid-stat.js';
import type { Entry } from './entry.js';
import type { Rates } from './slow-files.js';

/** The machine's facts a row is computed with: fixed for the sampler's lifetime. */
export interface HostFacts {
  bootMs: number;
  clockTicks: number;
  ncpu: number;
  pageSize: number;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The row of a process whose stat was just parsed into `st`. */
export function buildRow(host: HostFacts, entry: Entry, st: StatScratch, cpu: number, rates: Rates): ProcessRow {
  return {
    pid: entry.pid,
    startTime: entry.startTime,
    ppid: st.ppid,
    startedAt: Math.round(host.bootMs + (entry.startTime / host.clockTicks) * 1000),
    uid: entry.uid,
    user: entry.user,
    name: entry.comm,
    state: String.fromCharCode(st.state),
    cpu,
    cpuMachine: round1(cpu / host.ncpu),
    cpuTime: Math.round((entry.cpuTicks / host.clockTicks) * 100) / 100,
    rss: st.rssPages * host.pageSize,
    shared: entry.shared,
    vsize: st.vsize,
    swap: entry.swap,
    threads: st.threads,
    nice: st.nice,
    priority: st.priority,
    ioReadPerSec: rates.readRate,
    ioWritePerSec: rates.writeRate,
    cmdline: entry.cmdline,
  };
}

/** The row of a process that did not run: only its rates fall to zero. */
export function idleRow(entry: Entry): ProcessRow {
  const r = entry.row;
  if (r.cpu === 0 && !r.ioReadPerSec && !r.ioWritePerSec) return r;
  entry.row = {
    ...r,
    cpu: 0,
    cpuMachine: 0,
    ioReadPerSec: r.ioReadPerSec === null ? null : 0,
    ioWritePerSec: r.ioWritePerSec === null ? null : 0,
  };
  return entry.row;
}
