import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessRow } from '../contract/processes.js';
import { idNames, type IdNames } from '../procfs/id-names.js';
import { readPageSize } from '../procfs/page-size.js';
import { joinCmdline, parseCmdline } from '../procfs/parse-cmdline.js';
import { parseIo, type IoFields } from '../procfs/parse-io.js';
import { EXIT_SIGNAL_FIELD, newStatScratch, parseStatBytes, PF_KTHREAD, RSS_FIELD, type StatScratch } from '../procfs/parse-pid-stat.js';
import { parseStatm } from '../procfs/parse-statm.js';
import { parseStatus } from '../procfs/parse-status.js';
import { bootTimeMs, openFilesSoftLimit } from '../procfs/pid-files.js';
import { readProcText, whyOf, type ProcFailure, type ProcReader, type ProcText } from '../procfs/read.js';
import { clockTicks, cpuCount, totalMemoryBytes } from './host-facts.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';

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

/** What the sampler remembers about one live process between ticks. */
interface Entry {
  pid: number;
  startTime: number;
  dir: string;
  statFd: number | null;
  /** performance.now() after which stat is read whatever schedstat says. */
  fullDueAt: number;
  /** The stat fields the row shows, as last read: equal ones mean the row stands. */
  ppid: number;
  state: number;
  priority: number;
  nice: number;
  vsize: number;
  rssPages: number;
  commBytes: Uint8Array;
  schedFd: number | null;
  /** false once schedstat proved useless for this process (kernel without schedstats prints zeros). */
  schedUsable: boolean;
  /** The last schedstat line (run time, wait time, timeslices), compared byte by byte. */
  schedBytes: Uint8Array;
  schedLength: number;
  statmFd: number | null;
  ioFd: number | null;
  ioDenied: boolean;
  /** A kernel thread (PF_KTHREAD): no address space, no command line. */
  kernel: boolean;
  threads: number;
  cpuTicks: number;
  comm: string;
  cmdline: string;
  uid: number | null;
  user: string;
  shared: number | null;
  swap: number | null;
  statusReadAt: number;
  io: IoFields | null;
  /** Read stat next tick whatever schedstat says (after an action on it). */
  forceStat: boolean;
  /** performance.now() of the last read of schedstat or stat: a paced kernel thread's rates span from it. */
  checkedAt: number;
  /** Consecutive checks that found it had not run. */
  idleChecks: number;
  row: ProcessRow;
  seen: number;
}

interface Rates {
  readRate: number | null;
  writeRate: number | null;
}

const EMPTY = new Uint8Array(0);
/** A schedstat line is three decimal numbers: well under this. */
const SCHED_BYTES = 64;
/** Spreads the first full reads of processes seen in the same tick over the refresh period. */
const stagger = (pid: number): number => ((pid * 0.618_033_988_75) % 1 + 1) % 1;
/** status (uid, swap) is re-read at most this often for a process that keeps running; swap and uid change slowly. */
const STATUS_EVERY_MS = 5000;
/** Total memory (os.totalmem parses /proc/meminfo) is re-read this often, not per tick. */
const TOTAL_MEMORY_EVERY_TICKS = 60;
const Z = 90; // 'Z'
/** A kernel thread found idle this many checks in a row is then checked only every KTHREAD_IDLE_EVERY ticks. */
const KTHREAD_IDLE_AFTER = 5;
const KTHREAD_IDLE_EVERY = 4;
/** Up to this many pids handed out since the last tick are probed one by one; more list /proc. */
const MAX_PROBES = 48;
const round1 = (x: number): number => Math.round(x * 10) / 10;
/** A kept descriptor whose pread failed: its process exited. */
const GONE: ProcFailure = { ok: false, why: 'gone', errno: 'ESRCH' };

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
  const ticks = options.clockTicks ?? clockTicks();
  const page = options.pageSize ?? readPageSize();
  const maxOpenFds = options.maxOpenFds ?? defaultMaxFds();
  const fullMs = Math.max(0, options.fullRefreshMs ?? 5000);
  const bootMs = bootTimeMs(procRoot);
  const ncpu = cpuCount();
  const users: IdNames = idNames(options.passwdPath);
  const read = options.readFile ?? readProcText;
  const entries = new Map<number, Entry>();
  const buf = Buffer.allocUnsafe(4096);
  let totalMemory = totalMemoryBytes();
  let fdCount = 0;
  let tick = 0;
  let lastAt: number | null = null;
  let loadavgFd: number | null = null;
  let previousLastPid: number | null = null;
  let listedAt = Number.NEGATIVE_INFINITY;
  const st: StatScratch = newStatScratch();
  /** Pids that exited or became zombies this tick: their children were re-parented without running. */
  const orphaned: number[] = [];

  /** The last pid the kernel handed out (5th field of /proc/loadavg, for our pid namespace). */
  function readLastPid(): number | null {
    loadavgFd ??= openKept(`${procRoot}/loadavg`);
    if (loadavgFd === null) return null;
    const n = pread(loadavgFd);
    if (n <= 0) return null;
    const text = buf.toString('latin1', 0, n).trim();
    const value = Number(text.slice(text.lastIndexOf(' ') + 1));
    return Number.isInteger(value) ? value : null;
  }

  function closeFd(fd: number | null): null {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      fdCount--;
    }
    return null;
  }

  function closeEntry(entry: Entry): void {
    entry.statFd = closeFd(entry.statFd);
    entry.schedFd = closeFd(entry.schedFd);
    entry.statmFd = closeFd(entry.statmFd);
    entry.ioFd = closeFd(entry.ioFd);
  }

  /** A descriptor to keep, when the budget allows; null otherwise (or when the file cannot be opened). */
  function openKept(path: string, reserve = 0): number | null {
    if (fdCount + reserve >= maxOpenFds) return null;
    try {
      const fd = openSync(path, 'r');
      fdCount++;
      return fd;
    } catch {
      return null;
    }
  }

  /** pread at 0 into buf; -1 when the process behind the descriptor is gone. */
  function pread(fd: number): number {
    try {
      return readSync(fd, buf, 0, buf.length, 0);
    } catch {
      return -1;
    }
  }

  /** Whole small file through a kept descriptor, else by path. */
  function readKept(fd: number | null, path: string): ProcText {
    if (fd !== null) {
      const n = pread(fd);
      return n > 0 ? { ok: true, text: buf.toString('utf8', 0, n) } : GONE;
    }
    return read(path);
  }

  /** The descriptor the last readStat used (kept, or null after a read by path). */
  let statFd: number | null = null;
  /** Whether that descriptor was opened by the last readStat (not the entry's kept one). */
  let statReopened = false;

  /** stat into buf through the cached descriptor, reopening once if it went stale; 0 when the process is gone. */
  function readStat(pid: number, entry: Entry | undefined): number {
    if (entry && entry.statFd !== null) {
      const n = pread(entry.statFd);
      if (n > 0) {
        statFd = entry.statFd;
        statReopened = false;
        return n;
      }
      // ESRCH: that process died; the pid may belong to a new one now.
      closeEntry(entry);
    }
    statReopened = true;
    const path = `${procRoot}/${pid}/stat`;
    if (fdCount >= maxOpenFds) {
      // Out of descriptors to keep: read by path.
      statFd = null;
      const text = read(path);
      if (!text.ok || text.text.length === 0) return 0;
      return buf.write(text.text, 0, 'utf8');
    }
    // Under budget, a failed open means the process is gone: no second try by path.
    const fd = openKept(path);
    statFd = fd;
    if (fd === null) return 0;
    const n = pread(fd);
    if (n <= 0) {
      statFd = closeFd(fd);
      return 0;
    }
    return n;
  }

  /** true when schedstat proves the process has not run since the last tick. */
  function didNotRun(entry: Entry): boolean {
    if (!entry.schedUsable || entry.threads !== 1) return false;
    entry.schedFd ??= openKept(`${entry.dir}/schedstat`, 64);
    if (entry.schedFd === null) return false;
    const n = pread(entry.schedFd);
    if (n <= 0 || n > SCHED_BYTES) return false;
    if (buf[0] === 48 && buf[1] === 32) {
      // "0 0 0": a kernel without schedstats; this file tells nothing.
      entry.schedUsable = false;
      entry.schedFd = closeFd(entry.schedFd);
      return false;
    }
    // A JS loop over ~25 bytes beats a native Buffer.compare call and a copy per process per tick.
    let same = entry.schedLength === n;
    if (entry.schedBytes.length === 0) entry.schedBytes = new Uint8Array(SCHED_BYTES);
    const last = entry.schedBytes;
    for (let i = 0; i < n; i++) {
      if (last[i] !== buf[i]) {
        same = false;
        last[i] = buf[i]!;
      }
    }
    entry.schedLength = n;
    return same;
  }

  function sameComm(entry: Entry): boolean {
    const bytes = entry.commBytes;
    const length = st.commEnd - st.commStart;
    if (bytes.length !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[i] !== buf[st.commStart + i]) return false;
    return true;
  }

  /** Nothing the row shows from stat differs from the last read. */
  function statUnchanged(entry: Entry): boolean {
    return (
      st.utime + st.stime === entry.cpuTicks &&
      st.state === entry.state &&
      st.rssPages === entry.rssPages &&
      st.vsize === entry.vsize &&
      st.ppid === entry.ppid &&
      st.nice === entry.nice &&
      st.priority === entry.priority &&
      st.threads === entry.threads &&
      sameComm(entry)
    );
  }

  /** io kept open when the budget allows; 'denied' when this process may not read it. */
  function openIo(dir: string): number | null | 'denied' {
    if (fdCount + 64 >= maxOpenFds) {
      const io = read(`${dir}/io`);
      return !io.ok && io.why === 'denied' ? 'denied' : null;
    }
    try {
      const fd = openSync(`${dir}/io`, 'r');
      fdCount++;
      return fd;
    } catch (error) {
      return whyOf(error) === 'denied' ? 'denied' : null;
    }
  }

  function refreshSlow(entry: Entry, dtSec: number, isNew: boolean, ioFromZero: boolean, execed: boolean, now: number): Rates {
    if (entry.kernel) {
      // No address space: statm is all zeros.
      entry.shared = 0;
    } else {
      entry.statmFd ??= openKept(`${entry.dir}/statm`, 64);
      const statm = readKept(entry.statmFd, `${entry.dir}/statm`);
      if (statm.ok) {
        const parsed = parseStatm(statm.text);
        if (parsed) entry.shared = parsed.sharedPages * page;
      }
    }
    if (isNew || execed || now - entry.statusReadAt >= STATUS_EVERY_MS) {
      entry.statusReadAt = now;
      const status = read(`${entry.dir}/status`);
      if (status.ok) {
        const parsed = parseStatus(status.text);
        entry.swap = parsed.swap;
        const uid = parsed.uids ? parsed.uids[1] : null;
        if (uid !== entry.uid) {
          entry.uid = uid;
          entry.user = uid === null ? '?' : users.name(uid);
        }
      }
    }
    if (entry.ioDenied) return { readRate: null, writeRate: null };
    if (entry.ioFd === null) {
      // Opening io needs ptrace-read rights: EACCES marks it unreadable for this process's lifetime.
      const opened = openIo(entry.dir);
      if (opened === 'denied') {
        entry.ioDenied = true;
        return { readRate: null, writeRate: null };
      }
      entry.ioFd = opened;
    }
    const io = readKept(entry.ioFd, `${entry.dir}/io`);
    const parsed = io.ok ? parseIo(io.text) : null;
    if (!parsed) return { readRate: null, writeRate: null };
    // A process new since the last tick did all its I/O within the interval.
    const base = entry.io ?? (ioFromZero ? { readBytes: 0, writeBytes: 0 } : parsed);
    entry.io = parsed;
    return {
      readRate: dtSec > 0 ? Math.round(Math.max(0, parsed.readBytes - base.readBytes) / dtSec) : 0,
      writeRate: dtSec > 0 ? Math.round(Math.max(0, parsed.writeBytes - base.writeBytes) / dtSec) : 0,
    };
  }

  function buildRow(entry: Entry, cpu: number, rates: Rates): ProcessRow {
    return {
      pid: entry.pid,
      startTime: entry.startTime,
      ppid: st.ppid,
      startedAt: Math.round(bootMs + (entry.startTime / ticks) * 1000),
      uid: entry.uid,
      user: entry.user,
      name: entry.comm,
      state: String.fromCharCode(st.state),
      cpu,
      cpuMachine: round1(cpu / ncpu),
      cpuTime: Math.round((entry.cpuTicks / ticks) * 100) / 100,
      rss: st.rssPages * page,
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
  function idleRow(entry: Entry): ProcessRow {
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

  function newEntry(pid: number, now: number): Entry {
    return {
      pid,
      startTime: st.startTime,
      dir: `${procRoot}/${pid}`,
      statFd: null,
      fullDueAt: now + fullMs * stagger(pid),
      ppid: -1,
      state: 0,
      priority: 0,
      nice: 0,
      vsize: -1,
      rssPages: -1,
      commBytes: EMPTY,
      schedFd: null,
      schedUsable: true,
      schedBytes: EMPTY,
      schedLength: 0,
      statmFd: null,
      ioFd: null,
      ioDenied: false,
      kernel: (st.flags & PF_KTHREAD) !== 0,
      threads: st.threads,
      cpuTicks: 0,
      comm: '',
      cmdline: '',
      uid: null,
      user: '?',
      shared: null,
      swap: null,
      statusReadAt: 0,
      io: null,
      forceStat: false,
      checkedAt: now,
      idleChecks: 0,
      row: undefined as unknown as ProcessRow, // set by the caller before anyone reads it
      seen: tick,
    };
  }

  /** One process's refresh: the cheapest read that proves it did not run, else stat, else the slow files. */
  function visit(pid: number, rows: ProcessRow[], first: boolean, dtSec: number, now: number, probe = false): void {
    let entry = entries.get(pid);
    if (entry && !entry.forceStat && now < entry.fullDueAt) {
      // Most of a machine's processes are kernel threads that sleep for minutes: one that has not run for
      // a while is checked every KTHREAD_IDLE_EVERY ticks (staggered by pid), its rates then computed over
      // its own interval, so a kernel thread that wakes up shows at most that many ticks late, not wrong.
      if (entry.kernel && entry.idleChecks >= KTHREAD_IDLE_AFTER && (tick + pid) % KTHREAD_IDLE_EVERY !== 0) {
        entry.seen = tick;
        rows.push(idleRow(entry));
        return;
      }
      if (didNotRun(entry)) {
        entry.checkedAt = now;
        entry.idleChecks++;
        entry.seen = tick;
        rows.push(idleRow(entry));
        return;
      }
    }
    const n = readStat(pid, entry);
    if (n === 0) return;
    // A probed pid may be a new thread of a running process: /proc/TID answers too, but it is no row.
    if (!parseStatBytes(buf, n, st, probe ? EXIT_SIGNAL_FIELD : RSS_FIELD) || (probe && st.exitSignal === -1)) {
      if (statReopened) closeFd(statFd);
      return;
    }
    const isNew = !entry || entry.startTime !== st.startTime;
    if (!isNew && entry) {
      entry.statFd = statFd;
      entry.seen = tick;
      entry.forceStat = false;
      if (now >= entry.fullDueAt) entry.fullDueAt = now + fullMs;
      if (statUnchanged(entry)) {
        entry.checkedAt = now;
        entry.idleChecks++;
        rows.push(idleRow(entry));
        return;
      }
    } else {
      if (entry) closeEntry(entry);
      entry = newEntry(pid, now);
      entries.set(pid, entry);
      entry.statFd = statFd;
    }
    const e = entry;
    e.seen = tick;
    const cpuTicks = st.utime + st.stime;
    const moved = isNew || cpuTicks !== e.cpuTicks;
    const execed = !isNew && !sameComm(e);
    if (isNew || execed) {
      const cmd = read(`${e.dir}/cmdline`);
      if (!cmd.ok && cmd.why === 'gone') {
        // It exited since its stat was read: no row, rather than one with a command line made up of nothing.
        closeEntry(e);
        entries.delete(pid);
        orphaned.push(pid);
        return;
      }
      e.cmdline = cmd.ok ? joinCmdline(parseCmdline(cmd.text)) : '';
      e.comm = buf.toString('utf8', st.commStart, st.commEnd);
      e.commBytes = new Uint8Array(buf.subarray(st.commStart, st.commEnd));
    }
    if (st.state === Z && e.state !== Z) orphaned.push(pid);
    e.threads = st.threads;
    e.ppid = st.ppid;
    e.state = st.state;
    e.priority = st.priority;
    e.nice = st.nice;
    e.vsize = st.vsize;
    e.rssPages = st.rssPages;
    let cpu = 0;
    let rates: Rates;
    // A paced kernel thread was last looked at some ticks ago: its CPU time accrued over that span.
    const spanSec = !isNew && e.kernel ? Math.max(dtSec, (now - e.checkedAt) / 1000) : dtSec;
    e.checkedAt = now;
    e.idleChecks = moved ? 0 : e.idleChecks + 1;
    if (moved) {
      // A process first seen after the first tick started within the interval: all its CPU time falls in it.
      const delta = isNew ? (first ? 0 : cpuTicks) : cpuTicks - e.cpuTicks;
      cpu = spanSec > 0 ? round1(Math.max(0, (delta / ticks / spanSec) * 100)) : 0;
      e.cpuTicks = cpuTicks;
      rates = refreshSlow(e, spanSec, isNew, isNew && !first, execed, now);
    } else {
      const r = e.row;
      rates = { readRate: r.ioReadPerSec === null ? null : 0, writeRate: r.ioWritePerSec === null ? null : 0 };
    }
    e.row = buildRow(e, cpu, rates);
    rows.push(e.row);
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
    // The known processes plus those with a pid handed out since the last tick are the list (those that
    // died fail their read): no listing of /proc unless many pids were handed out or the counter wrapped.
    // A periodic listing covers a /proc of another pid namespace, whose new pids loadavg does not show.
    const lastPid = readLastPid();
    const handedOut = lastPid !== null && previousLastPid !== null ? lastPid - previousLastPid : -1;
    const known = handedOut >= 0 && handedOut <= MAX_PROBES && now - listedAt < fullMs;
    const probeFrom = (previousLastPid ?? 0) + 1;
    previousLastPid = lastPid;
    if (known) {
      // visit only replaces entries under existing keys, so iterating the live map is safe.
      for (const pid of entries.keys()) visit(pid, rows, first, dtSec, now);
      // The kernel hands out pids upwards from the last one: the few new ones since the last tick are
      // all the candidates (most already exited, or are threads), cheaper than listing /proc.
      // existsSync answers "gone" without building an exception, which costs more than the lookup.
      for (let pid = probeFrom; pid <= lastPid!; pid++) {
        if (!entries.has(pid) && existsSync(`${procRoot}/${pid}`)) visit(pid, rows, first, dtSec, now, true);
      }
    } else {
      listedAt = now;
      for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c >= 48 && c <= 57) visit(Number(name), rows, first, dtSec, now);
      }
    }
    for (const [pid, entry] of entries) {
      if (entry.seen !== tick) {
        closeEntry(entry);
        entries.delete(pid);
        orphaned.push(pid);
      }
    }
    if (orphaned.length > 0) forceChildren();
    return { time, intervalMs: Math.round(dtSec * 1000), ncpu, totalMemoryBytes: totalMemory, source: 'procfs', rows };
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
    openFds: () => fdCount,
    invalidate(pid) {
      const entry = entries.get(pid);
      if (entry) entry.forceStat = true;
    },
    close() {
      for (const entry of entries.values()) closeEntry(entry);
      entries.clear();
      loadavgFd = closeFd(loadavgFd);
      previousLastPid = null;
      listedAt = Number.NEGATIVE_INFINITY;
      orphaned.length = 0;
      lastAt = null;
    },
  };
}
