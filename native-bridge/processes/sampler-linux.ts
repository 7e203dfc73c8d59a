import { existsSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessRow } from '../contract/processes.js';
import { idNames } from '../procfs/id-names.js';
import { readPageSize } from '../procfs/page-size.js';
import { joinCmdline, parseCmdline } from '../procfs/parse-cmdline.js';
import { EXIT_SIGNAL_FIELD, newStatScratch, parseStatBytes, RSS_FIELD, type StatScratch } from '../procfs/parse-pid-stat.js';
import { bootTimeMs, openFilesSoftLimit } from '../procfs/pid-files.js';
import { readProcText, type ProcReader } from '../procfs/read.js';
import { clockTicks, cpuCount, totalMemoryBytes } from './host-facts.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';
import { newEntry, type Entry } from './sampler-linux/entry.js';
import { KeptFiles } from './sampler-linux/kept-files.js';
import { NewPids } from './sampler-linux/new-pids.js';
import { buildRow, idleRow, round1, type HostFacts } from './sampler-linux/row.js';
import { refreshSlow, type Rates, type SlowContext } from './sampler-linux/slow-files.js';
import { didNotRun, sameComm, statUnchanged } from './sampler-linux/unchanged.js';

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
  clockTicks?: number;
  pageSize?: number;
  /** How /proc files are read by path (tests inject a process that vanishes mid-read). */
  readFile?: ProcReader;
}

/** Total memory (os.totalmem parses /proc/meminfo) is re-read this often, not per tick. */
const TOTAL_MEMORY_EVERY_TICKS = 60;
const Z = 90; // 'Z'
/** A kernel thread found idle this many checks in a row is then checked only every KTHREAD_IDLE_EVERY ticks. */
const KTHREAD_IDLE_AFTER = 5;
const KTHREAD_IDLE_EVERY = 4;

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
 * cmdline only for new processes or after an exec (the comm changed). Processes that vanish mid-read are
 * skipped silently; the children of one that exited are re-read next tick (re-parented without running).
 */
export function createLinuxSampler(options: LinuxSamplerOptions = {}): LinuxSampler {
  const procRoot = options.procRoot ?? '/proc';
  const fullMs = Math.max(0, options.fullRefreshMs ?? 5000);
  const read: ProcReader = options.readFile ?? readProcText;
  const files = new KeptFiles(procRoot, options.maxOpenFds ?? defaultMaxFds(), read);
  const buf = files.buf;
  const pageSize = options.pageSize ?? readPageSize();
  const host: HostFacts = { bootMs: bootTimeMs(procRoot), clockTicks: options.clockTicks ?? clockTicks(), ncpu: cpuCount(), pageSize };
  const slow: SlowContext = { files, users: idNames(options.passwdPath), pageSize };
  const newPids = new NewPids(files, procRoot, fullMs);
  const entries = new Map<number, Entry>();
  const st: StatScratch = newStatScratch();
  /** Pids that exited or became zombies this tick: their children were re-parented without running. */
  const orphaned: number[] = [];
  let totalMemory = totalMemoryBytes();
  let tick = 0;
  let lastAt: number | null = null;

  /** One process's refresh: the cheapest read that proves it did not run, else stat, else the slow files. */
  function visit(pid: number, rows: ProcessRow[], first: boolean, dtSec: number, now: number, probe = false): void {
    let entry = entries.get(pid);
    if (entry && !entry.forceStat && now < entry.fullDueAt && skipsStat(entry, pid, now)) {
      rows.push(idleRow(entry));
      return;
    }
    if (!readStat(pid, entry, probe)) return;
    const isNew = !entry || entry.startTime !== st.startTime;
    if (!isNew && entry) {
      if (standsUnchanged(entry, now)) {
        rows.push(idleRow(entry));
        return;
      }
    } else {
      entry = replaceEntry(pid, entry, now);
    }
    const row = refresh(entry, isNew, first, dtSec, now);
    if (row) rows.push(row);
  }

  /**
   * Between full reads, what proves a process did not run. Most of a machine's processes are kernel
   * threads that sleep for minutes: one that has not run for a while is checked every KTHREAD_IDLE_EVERY
   * ticks (staggered by pid), its rates then computed over its own interval, so a kernel thread that wakes
   * up shows at most that many ticks late, not wrong. Others skip stat when schedstat did not move.
   */
  function skipsStat(entry: Entry, pid: number, now: number): boolean {
    if (entry.kernel && entry.idleChecks >= KTHREAD_IDLE_AFTER && (tick + pid) % KTHREAD_IDLE_EVERY !== 0) {
      entry.seen = tick;
      return true;
    }
    if (!didNotRun(entry, files)) return false;
    entry.checkedAt = now;
    entry.idleChecks++;
    entry.seen = tick;
    return true;
  }

  /** stat parsed into `st`; false when the process is gone, or a probed pid turned out to be a thread. */
  function readStat(pid: number, entry: Entry | undefined, probe: boolean): boolean {
    const n = files.readStat(pid, entry);
    if (n === 0) return false;
    // A probed pid may be a new thread of a running process: /proc/TID answers too, but it is no row.
    if (!parseStatBytes(buf, n, st, probe ? EXIT_SIGNAL_FIELD : RSS_FIELD) || (probe && st.exitSignal === -1)) {
      if (files.statReopened) files.close(files.statFd);
      return false;
    }
    return true;
  }

  /** The process of last tick, stat just read: true when nothing its row shows changed. */
  function standsUnchanged(entry: Entry, now: number): boolean {
    entry.statFd = files.statFd;
    entry.seen = tick;
    entry.forceStat = false;
    if (now >= entry.fullDueAt) entry.fullDueAt = now + fullMs;
    if (!statUnchanged(entry, buf, st)) return false;
    entry.checkedAt = now;
    entry.idleChecks++;
    return true;
  }

  /** A process new to this pid (first seen, or the pid was reused): a fresh entry keeping the stat descriptor. */
  function replaceEntry(pid: number, old: Entry | undefined, now: number): Entry {
    if (old) files.closeAll(old);
    const entry = newEntry(pid, st, procRoot, fullMs, now, tick);
    entries.set(pid, entry);
    entry.statFd = files.statFd;
    return entry;
  }

  /** The row from the stat in `st`: names after an exec, CPU and the slow files when it ran; null when it just exited. */
  function refresh(e: Entry, isNew: boolean, first: boolean, dtSec: number, now: number): ProcessRow | null {
    e.seen = tick;
    const cpuTicks = st.utime + st.stime;
    const moved = isNew || cpuTicks !== e.cpuTicks;
    const execed = !isNew && !sameComm(e, buf, st);
    if ((isNew || execed) && !readNames(e)) return null;
    if (st.state === Z && e.state !== Z) orphaned.push(e.pid);
    keepStatFields(e);
    let cpu = 0;
    let rates: Rates;
    // A paced kernel thread was last looked at some ticks ago: its CPU time accrued over that span.
    const spanSec = !isNew && e.kernel ? Math.max(dtSec, (now - e.checkedAt) / 1000) : dtSec;
    e.checkedAt = now;
    e.idleChecks = moved ? 0 : e.idleChecks + 1;
    if (moved) {
      // A process first seen after the first tick started within the interval: all its CPU time falls in it.
      const delta = isNew ? (first ? 0 : cpuTicks) : cpuTicks - e.cpuTicks;
      cpu = spanSec > 0 ? round1(Math.max(0, (delta / host.clockTicks / spanSec) * 100)) : 0;
      e.cpuTicks = cpuTicks;
      rates = refreshSlow(slow, e, spanSec, isNew, isNew && !first, execed, now);
    } else {
      const r = e.row;
      rates = { readRate: r.ioReadPerSec === null ? null : 0, writeRate: r.ioWritePerSec === null ? null : 0 };
    }
    e.row = buildRow(host, e, st, cpu, rates);
    return e.row;
  }

  /** Command line and comm of a new or exec'd process; false (and forgotten) when it exited since its stat was read. */
  function readNames(e: Entry): boolean {
    const cmd = read(`${e.dir}/cmdline`);
    if (!cmd.ok && cmd.why === 'gone') {
      // No row, rather than one with a command line made up of nothing.
      files.closeAll(e);
      entries.delete(e.pid);
      orphaned.push(e.pid);
      return false;
    }
    e.cmdline = cmd.ok ? joinCmdline(parseCmdline(cmd.text)) : '';
    e.comm = buf.toString('utf8', st.commStart, st.commEnd);
    e.commBytes = new Uint8Array(buf.subarray(st.commStart, st.commEnd));
    return true;
  }

  /** The stat fields compared next tick (statUnchanged). */
  function keepStatFields(e: Entry): void {
    e.threads = st.threads;
    e.ppid = st.ppid;
    e.state = st.state;
    e.priority = st.priority;
    e.nice = st.nice;
    e.vsize = st.vsize;
    e.rssPages = st.rssPages;
  }

  /** Every process of this tick: the known ones and the new pids, or a listing of /proc (see NewPids). */
  function visitAll(rows: ProcessRow[], first: boolean, dtSec: number, now: number): void {
    const range = newPids.probeRange(now);
    if (range) {
      // visit only replaces entries under existing keys, so iterating the live map is safe.
      for (const pid of entries.keys()) visit(pid, rows, first, dtSec, now);
      // The kernel hands out pids upwards from the last one: the few new ones since the last tick are
      // all the candidates (most already exited, or are threads), cheaper than listing /proc.
      // existsSync answers "gone" without building an exception, which costs more than the lookup.
      for (let pid = range.from; pid <= range.to; pid++) {
        if (!entries.has(pid) && existsSync(`${procRoot}/${pid}`)) visit(pid, rows, first, dtSec, now, true);
      }
    } else {
      for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c >= 48 && c <= 57) visit(Number(name), rows, first, dtSec, now);
      }
    }
  }

  /** Processes not seen this tick exited: forget them, and note their children were re-parented. */
  function dropUnseen(): void {
    for (const [pid, entry] of entries) {
      if (entry.seen !== tick) {
        files.closeAll(entry);
        entries.delete(pid);
        orphaned.push(pid);
      }
    }
  }

  /**
   * The children of a process that exited were re-parented without running: read their stat next tick
   * so the tree does not wait for the periodic full read.
   */
  function forceChildren(): void {
    const parents = new Set(orphaned);
    orphaned.length = 0;
    for (const entry of entries.values()) if (parents.has(entry.ppid)) entry.forceStat = true;
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
    tick++;
    if (tick % TOTAL_MEMORY_EVERY_TICKS === 0) totalMemory = totalMemoryBytes();
    const rows: ProcessRow[] = [];
    visitAll(rows, first, dtSec, now);
    dropUnseen();
    if (orphaned.length > 0) forceChildren();
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
