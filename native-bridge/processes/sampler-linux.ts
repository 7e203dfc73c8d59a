import { existsSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessRow } from '../contract/processes.js';
import { idNames } from '../procfs/id-names.js';
import { readPageSize } from '../procfs/page-size.js';
import { bootTimeMs, openFilesSoftLimit } from '../procfs/pid-files.js';
import { readProcText, type ProcReader } from '../procfs/read.js';
import { clockTicks, cpuCount, totalMemoryBytes } from './host-facts.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';
import { KeptFiles } from './sampler-linux/kept-files.js';
import { NewPids } from './sampler-linux/new-pids.js';
import type { HostFacts } from './sampler-linux/row.js';
import { ProcessVisitor } from './sampler-linux/visitor.js';

export interface LinuxSamplerOptions {
  procRoot?: string;
  passwdPath?: string;
  /** Cached descriptors at most (default: half the open-files limit, at most 16384); beyond it files are opened per read. */
  maxOpenFds?: number;
  /**
   * Every process's stat is read at least this often, ms (staggered by pid), and /proc is listed at
   * least this often. In between, a single-threaded process whose /proc/PID/schedstat did not move is
   * known not to have run and its stat is skipped; what can change without running (a renice from
   * outside, pages reclaimed) shows within this bound. 0 reads every stat every tick. Default 5000, the
   * same bound as status (swap, uid) and, at the live table's 1 Hz, the former "every 5th tick".
   */
  fullRefreshMs?: number;
  /**
   * The command line of a process that ran is read again at most this often, ms, and every process's a
   * second time this long after first sight: a program can rewrite it without an exec (setproctitle).
   * Default 5000.
   */
  cmdlineRefreshMs?: number;
  clockTicks?: number;
  pageSize?: number;
  /** How /proc files are read by path (tests inject a process that vanishes mid-read). */
  readFile?: ProcReader;
}

/** Total memory (os.totalmem parses /proc/meminfo) is re-read this often, not per tick. */
const TOTAL_MEMORY_EVERY_TICKS = 60;

/** The synchronous core, exported for the bench (which measures CPU per tick without promise overhead). */
export interface LinuxSampler extends ProcessSampler {
  sampleSync(): ProcessTable;
  /** Cached descriptors currently open. */
  openFds(): number;
  /** Re-read this process fully next tick (Triage just acted on it: a renice does not make it run). */
  invalidate(pid: number): void;
}

function defaultMaxFds(): number {
  const soft = openFilesSoftLimit();
  return Math.min(16_384, Math.max(64, Math.floor((soft ?? 1024) / 2)));
}

/**
 * Reads /proc itself. Per tick it `pread`s each known process's stat through a descriptor kept open
 * (parsed from the bytes; unchanged fields cost nothing more), and a single-threaded process whose
 * schedstat did not move (it did not run) skips even that between its periodic full reads. New processes
 * are found among the pids handed out since the last tick (loadavg's last pid), /proc is listed only when
 * there are many or periodically. statm and io (through kept descriptors) are read only for new processes
 * and those whose CPU time moved (statm never for kernel threads), status at most every 5 s for those,
 * cmdline for new processes, after an exec (the comm or the stack start changed), once more soon after
 * first sight and at most every 5 s for one that runs (a program can retitle itself). Processes that
 * vanish mid-read are skipped silently; the children of one that exited are re-read next tick
 * (re-parented without running).
 */
export function createLinuxSampler(options: LinuxSamplerOptions = {}): LinuxSampler {
  const procRoot = options.procRoot ?? '/proc';
  const fullMs = Math.max(0, options.fullRefreshMs ?? 5000);
  const read: ProcReader = options.readFile ?? readProcText;
  const files = new KeptFiles(procRoot, options.maxOpenFds ?? defaultMaxFds(), read);
  const pageSize = options.pageSize ?? readPageSize();
  const host: HostFacts = { bootMs: bootTimeMs(procRoot), clockTicks: options.clockTicks ?? clockTicks(), ncpu: cpuCount(), pageSize };
  const cmdlineMs = Math.max(0, options.cmdlineRefreshMs ?? 5000);
  const visitor = new ProcessVisitor(files, procRoot, fullMs, cmdlineMs, host, read, idNames(options.passwdPath));
  const { entries, orphaned } = visitor;
  const newPids = new NewPids(files, procRoot, fullMs);
  let totalMemory = totalMemoryBytes();
  let tick = 0;
  let lastAt: number | null = null;

  /** Every process of this tick: the known ones and the new pids, or a listing of /proc (see NewPids). */
  function visitAll(rows: ProcessRow[], first: boolean, dtSec: number, now: number): void {
    const range = newPids.probeRange(now);
    if (range) {
      // visit only replaces entries under existing keys, so iterating the live map is safe.
      for (const pid of entries.keys()) visitor.visit(pid, rows, first, dtSec, now);
      // The kernel hands out pids upwards from the last one: the few new ones since the last tick are
      // all the candidates (most already exited, or are threads), cheaper than listing /proc.
      // existsSync answers "gone" without building an exception, which costs more than the lookup.
      for (let pid = range.from; pid <= range.to; pid++) {
        if (!entries.has(pid) && existsSync(`${procRoot}/${pid}`)) visitor.visit(pid, rows, first, dtSec, now, true);
      }
    } else {
      for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c >= 48 && c <= 57) visitor.visit(Number(name), rows, first, dtSec, now);
      }
    }
  }

  /**
   * Reads of processes that just exited fail (ESRCH, ENOENT) every tick on a busy machine; Node builds
   * an Error with a stack trace for each, which costs more than the read. Nobody sees those stacks, and
   * the sample runs synchronously, so no other code runs with the limit lowered.
   */
  function sampleSync(): ProcessTable {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return sampleNow();
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  function sampleNow(): ProcessTable {
    const now = performance.now();
    const time = Date.now();
    const first = lastAt === null;
    const dtSec = lastAt === null ? 0 : (now - lastAt) / 1000;
    lastAt = now;
    visitor.tick = ++tick;
    if (tick % TOTAL_MEMORY_EVERY_TICKS === 0) totalMemory = totalMemoryBytes();
    const rows: ProcessRow[] = [];
    visitAll(rows, first, dtSec, now);
    visitor.dropUnseen();
    if (orphaned.length > 0) visitor.forceChildren();
    return { time, intervalMs: Math.round(dtSec * 1000), ncpu: host.ncpu, totalMemoryBytes: totalMemory, source: 'procfs', rows };
  }

  return {
    source: 'procfs',
    sampleSync,
    sample: () => {
      try {
        return Promise.resolve(sampleSync());
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    openFds: () => files.count,
    invalidate(pid) {
      const entry = entries.get(pid);
      if (entry) entry.forceStat = true;
    },
    close() {
      for (const entry of entries.values()) files.closeAll(entry);
      entries.clear();
      newPids.reset();
      orphaned.length = 0;
      lastAt = null;
    },
  };
}
