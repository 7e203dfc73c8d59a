import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessRow } from '../contract/processes.js';
import { bootTimeMs, clockTicks, cpuCount, pageSize, totalMemoryBytes } from './host-facts.js';
import { joinCmdline, parseCmdline } from './parse-cmdline.js';
import { parseIo, type IoFields } from './parse-io.js';
import { parseLimits } from './parse-limits.js';
import { parseStat, type StatFields } from './parse-stat.js';
import { parseStatm } from './parse-statm.js';
import { parseStatus } from './parse-status.js';
import { readProcFile } from './read-proc-file.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';
import { createIdNames, type IdNames } from './user-names.js';

export interface LinuxSamplerOptions {
  procRoot?: string;
  passwdPath?: string;
  /** Cached descriptors at most (default: half the open-files limit, at most 16384); beyond it files are opened per read. */
  maxOpenFds?: number;
  /**
   * Every process's stat is read at least every this many ticks (staggered by pid). In between, a
   * single-threaded process whose /proc/PID/schedstat did not move is known not to have run and its
   * stat is skipped. 1 reads every stat every tick.
   */
  fullRefreshEvery?: number;
  clockTicks?: number;
  pageSize?: number;
}

/** What the sampler remembers about one live process between ticks. */
interface Entry {
  pid: number;
  startTime: number;
  dir: string;
  statFd: number | null;
  /** The last stat line's bytes: an identical line means nothing in it moved. */
  statBytes: Buffer;
  schedFd: number | null;
  /** false once schedstat proved useless for this process (kernel without schedstats prints zeros). */
  schedUsable: boolean;
  schedBytes: Buffer;
  statmFd: number | null;
  ioFd: number | null;
  ioDenied: boolean;
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
  row: ProcessRow;
  seen: number;
}

interface Rates {
  readRate: number | null;
  writeRate: number | null;
}

const EMPTY = Buffer.alloc(0);
/** status (uid, swap) is re-read at most this often for a process that keeps running; swap and uid change slowly. */
const STATUS_EVERY_MS = 5000;
/** Total memory (os.totalmem parses /proc/meminfo) is re-read this often, not per tick. */
const TOTAL_MEMORY_EVERY_TICKS = 60;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The synchronous core, exported for the bench (which measures CPU per tick without promise overhead). */
export interface LinuxSampler extends ProcessSampler {
  sampleSync(): ProcessTable;
  /** Cached descriptors currently open. */
  openFds(): number;
  /** Re-read this process fully next tick (Triage just acted on it: a renice does not make it run). */
  invalidate(pid: number): void;
}

function defaultMaxFds(): number {
  const text = readProcFile('/proc/self/limits');
  const soft = typeof text === 'string' ? parseLimits(text)?.openFilesSoft : null;
  return Math.min(16_384, Math.max(64, Math.floor((soft ?? 1024) / 2)));
}

/**
 * Reads /proc itself. Per tick it lists /proc and `pread`s each process's stat through a descriptor kept
 * open; an unchanged stat line costs nothing more, and a single-threaded process whose schedstat did not
 * move (it did not run) skips even that between its periodic full reads. statm and io (through kept
 * descriptors) are read only for new processes and those whose CPU time moved, status at most every 5 s
 * for those, cmdline only for new processes or after an exec (the comm changed). Processes that vanish
 * mid-read are skipped silently.
 */
export function createLinuxSampler(options: LinuxSamplerOptions = {}): LinuxSampler {
  const procRoot = options.procRoot ?? '/proc';
  const ticks = options.clockTicks ?? clockTicks();
  const page = options.pageSize ?? pageSize();
  const maxOpenFds = options.maxOpenFds ?? defaultMaxFds();
  const fullEvery = Math.max(1, options.fullRefreshEvery ?? 5);
  const bootMs = bootTimeMs(procRoot);
  const ncpu = cpuCount();
  const users: IdNames = createIdNames(options.passwdPath ?? '/etc/passwd');
  const entries = new Map<number, Entry>();
  const buf = Buffer.allocUnsafe(4096);
  let totalMemory = totalMemoryBytes();
  let fdCount = 0;
  let tick = 0;
  let lastAt: number | null = null;
  let loadavgFd: number | null = null;
  let previousLastPid: number | null = null;

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
  function readKept(fd: number | null, path: string): string | 'gone' | 'denied' | 'error' {
    if (fd !== null) {
      const n = pread(fd);
      return n > 0 ? buf.toString('utf8', 0, n) : 'gone';
    }
    return readProcFile(path);
  }

  /** stat into buf through the cached descriptor, reopening once if it went stale; -1 when the process is gone. */
  function readStat(pid: number, entry: Entry | undefined): { n: number; fd: number | null; reopened: boolean } | null {
    if (entry && entry.statFd !== null) {
      const n = pread(entry.statFd);
      if (n > 0) return { n, fd: entry.statFd, reopened: false };
      // ESRCH: that process died; the pid may belong to a new one now.
      closeEntry(entry);
    }
    const path = `${procRoot}/${pid}/stat`;
    const fd = openKept(path);
    if (fd === null) {
      const text = readProcFile(path);
      if (typeof text !== 'string' || text.length === 0) return null;
      const n = buf.write(text, 0, 'utf8');
      return { n, fd: null, reopened: true };
    }
    const n = pread(fd);
    if (n <= 0) {
      closeFd(fd);
      return null;
    }
    return { n, fd, reopened: true };
  }

  /** true when schedstat proves the process has not run since the last tick. */
  function didNotRun(entry: Entry): boolean {
    if (!entry.schedUsable || entry.threads !== 1 || entry.forceStat) return false;
    entry.schedFd ??= openKept(`${entry.dir}/schedstat`, 64);
    if (entry.schedFd === null) return false;
    const n = pread(entry.schedFd);
    if (n <= 0) return false;
    if (buf[0] === 48 && buf[1] === 32) {
      // "0 0 0": a kernel without schedstats; this file tells nothing.
      entry.schedUsable = false;
      entry.schedFd = closeFd(entry.schedFd);
      return false;
    }
    const same = entry.schedBytes.length === n && buf.compare(entry.schedBytes, 0, n, 0, n) === 0;
    if (!same) entry.schedBytes = Buffer.from(buf.subarray(0, n));
    return same;
  }

  function refreshSlow(entry: Entry, dtSec: number, isNew: boolean, ioFromZero: boolean, execed: boolean, now: number): Rates {
    entry.statmFd ??= openKept(`${entry.dir}/statm`, 64);
    const statm = readKept(entry.statmFd, `${entry.dir}/statm`);
    if (typeof statm === 'string') {
      const parsed = parseStatm(statm);
      if (parsed) entry.shared = parsed.sharedPages * page;
    }
    if (isNew || execed || now - entry.statusReadAt >= STATUS_EVERY_MS) {
      entry.statusReadAt = now;
      const status = readProcFile(`${entry.dir}/status`);
      if (typeof status === 'string') {
        const parsed = parseStatus(status);
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
      const probe = readProcFile(`${entry.dir}/io`);
      if (probe === 'denied') {
        entry.ioDenied = true;
        return { readRate: null, writeRate: null };
      }
      entry.ioFd = openKept(`${entry.dir}/io`, 64);
    }
    const io = readKept(entry.ioFd, `${entry.dir}/io`);
    const parsed = typeof io === 'string' ? parseIo(io) : null;
    if (!parsed) return { readRate: null, writeRate: null };
    // A process new since the last tick did all its I/O within the interval.
    const base = entry.io ?? (ioFromZero ? { readBytes: 0, writeBytes: 0 } : parsed);
    entry.io = parsed;
    return {
      readRate: dtSec > 0 ? Math.round(Math.max(0, parsed.readBytes - base.readBytes) / dtSec) : 0,
      writeRate: dtSec > 0 ? Math.round(Math.max(0, parsed.writeBytes - base.writeBytes) / dtSec) : 0,
    };
  }

  function buildRow(entry: Entry, st: StatFields, cpu: number, rates: Rates): ProcessRow {
    return {
      pid: st.pid,
      startTime: st.startTime,
      ppid: st.ppid,
      startedAt: Math.round(bootMs + (st.startTime / ticks) * 1000),
      uid: entry.uid,
      user: entry.user,
      name: st.comm,
      state: st.state,
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

  function newEntry(pid: number, st: StatFields): Entry {
    return {
      pid,
      startTime: st.startTime,
      dir: `${procRoot}/${pid}`,
      statFd: null,
      statBytes: EMPTY,
      schedFd: null,
      schedUsable: true,
      schedBytes: EMPTY,
      statmFd: null,
      ioFd: null,
      ioDenied: false,
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
      row: undefined as unknown as ProcessRow, // set by the caller before anyone reads it
      seen: tick,
    };
  }

  /** One process's refresh: the cheapest read that proves it did not run, else stat, else the slow files. */
  function visit(pid: number, rows: ProcessRow[], first: boolean, dtSec: number, now: number): void {
    let entry = entries.get(pid);
    if (entry && (pid + tick) % fullEvery !== 0 && didNotRun(entry)) {
      entry.seen = tick;
      rows.push(idleRow(entry));
      return;
    }
    const read = readStat(pid, entry);
    if (!read) return;
    const n = read.n;
    if (entry && !read.reopened && entry.statBytes.length === n && buf.compare(entry.statBytes, 0, n, 0, n) === 0) {
      entry.seen = tick;
      entry.forceStat = false;
      rows.push(idleRow(entry));
      return;
    }
    const st = parseStat(buf.toString('utf8', 0, n));
    if (!st) {
      if (read.reopened) closeFd(read.fd);
      return;
    }
    const isNew = !entry || entry.startTime !== st.startTime;
    if (isNew) {
      if (entry) closeEntry(entry);
      entry = newEntry(pid, st);
      entries.set(pid, entry);
    }
    const e = entry!;
    e.statFd = read.fd;
    e.seen = tick;
    e.forceStat = false;
    e.threads = st.threads;
    e.statBytes = Buffer.from(buf.subarray(0, n));
    const cpuTicks = st.utime + st.stime;
    const moved = isNew || cpuTicks !== e.cpuTicks;
    const execed = !isNew && st.comm !== e.comm;
    if (isNew || execed) {
      const cmd = readProcFile(`${e.dir}/cmdline`);
      if (typeof cmd === 'string') e.cmdline = joinCmdline(parseCmdline(cmd));
      e.comm = st.comm;
    }
    let cpu = 0;
    let rates: Rates;
    if (moved) {
      // A process first seen after the first tick started within the interval: all its CPU time falls in it.
      const delta = isNew ? (first ? 0 : cpuTicks) : cpuTicks - e.cpuTicks;
      cpu = dtSec > 0 ? round1(Math.max(0, (delta / ticks / dtSec) * 100)) : 0;
      e.cpuTicks = cpuTicks;
      rates = refreshSlow(e, dtSec, isNew, isNew && !first, execed, now);
    } else {
      const r = e.row;
      rates = { readRate: r.ioReadPerSec === null ? null : 0, writeRate: r.ioWritePerSec === null ? null : 0 };
    }
    e.row = buildRow(e, st, cpu, rates);
    rows.push(e.row);
  }

  function sampleSync(): ProcessTable {
    const now = performance.now();
    const time = Date.now();
    const first = lastAt === null;
    const dtSec = lastAt === null ? 0 : (now - lastAt) / 1000;
    lastAt = now;
    tick++;
    if (tick % TOTAL_MEMORY_EVERY_TICKS === 0) totalMemory = totalMemoryBytes();
    const rows: ProcessRow[] = [];
    // No pid was handed out since the last tick: no process can be new, so the known ones are the list
    // (those that died fail their read). Saves listing /proc on a calm machine.
    const lastPid = readLastPid();
    const known = lastPid !== null && lastPid === previousLastPid && tick % fullEvery !== 0;
    previousLastPid = lastPid;
    if (known) {
      for (const pid of [...entries.keys()]) visit(pid, rows, first, dtSec, now);
    } else {
      for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c >= 48 && c <= 57) visit(Number(name), rows, first, dtSec, now);
      }
    }
    for (const [pid, entry] of entries) {
      if (entry.seen !== tick) {
        closeEntry(entry);
        entries.delete(pid);
      }
    }
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
      lastAt = null;
    },
  };
}
