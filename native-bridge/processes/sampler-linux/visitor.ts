import type { ProcessRow } from '../../contract/processes.js';
import type { IdNames } from '../../procfs/id-names.js';
import { joinCmdline, parseCmdline } from '../../procfs/parse-cmdline.js';
import { EXIT_SIGNAL_FIELD, newStatScratch, parseStatBytes, START_STACK_FIELD, type StatScratch } from '../../procfs/parse-pid-stat.js';
import type { ProcReader } from '../../procfs/read.js';
import { newEntry, type Entry } from './entry.js';
import type { KeptFiles } from './kept-files.js';
import { buildRow, idleRow, round1, type HostFacts } from './row.js';
import { refreshSlow, type Rates, type SlowContext } from './slow-files.js';
import { didNotRun, sameProgram, statUnchanged } from './unchanged.js';

const Z = 90; // 'Z'
/** A kernel thread found idle this many checks in a row is then checked only every KTHREAD_IDLE_EVERY ticks. */
const KTHREAD_IDLE_AFTER = 5;
const KTHREAD_IDLE_EVERY = 4;

/** The processes known since last tick, and how one is refreshed with the fewest reads. */
export class ProcessVisitor {
  readonly entries = new Map<number, Entry>();
  /** Pids that exited or became zombies this tick: their children were re-parented without running. */
  readonly orphaned: number[] = [];
  /** Set by the sampler at the start of each tick. */
  tick = 0;
  private readonly buf: Buffer;
  private readonly st: StatScratch = newStatScratch();
  private readonly slow: SlowContext;

  constructor(
    private readonly files: KeptFiles,
    private readonly procRoot: string,
    private readonly fullMs: number,
    private readonly cmdlineMs: number,
    private readonly host: HostFacts,
    private readonly read: ProcReader,
    users: IdNames,
  ) {
    this.buf = files.buf;
    this.slow = { files, users, pageSize: host.pageSize };
  }

  /** One process's refresh: the cheapest read that proves it did not run, else stat, else the slow files. */
  visit(pid: number, rows: ProcessRow[], first: boolean, dtSec: number, now: number, probe = false): void {
    let entry = this.entries.get(pid);
    if (entry && !entry.forceStat && now < entry.fullDueAt && this.skipsStat(entry, pid, now)) {
      rows.push(idleRow(entry));
      return;
    }
    if (!this.readStat(pid, entry, probe)) return;
    const isNew = !entry || entry.startTime !== this.st.startTime;
    if (!isNew && entry) {
      if (this.standsUnchanged(entry, now)) {
        rows.push(idleRow(entry));
        return;
      }
    } else {
      entry = this.replaceEntry(pid, entry, now);
    }
    const row = this.refresh(entry, isNew, first, dtSec, now);
    if (row) rows.push(row);
  }

  /**
   * Between full reads, what proves a process did not run. Most of a machine's processes are kernel
   * threads that sleep for minutes: one that has not run for a while is checked every KTHREAD_IDLE_EVERY
   * ticks (staggered by pid), its rates then computed over its own interval, so a kernel thread that wakes
   * up shows at most that many ticks late, not wrong. Others skip stat when schedstat did not move.
   */
  private skipsStat(entry: Entry, pid: number, now: number): boolean {
    if (entry.kernel && entry.idleChecks >= KTHREAD_IDLE_AFTER && (this.tick + pid) % KTHREAD_IDLE_EVERY !== 0) {
      entry.seen = this.tick;
      return true;
    }
    if (!didNotRun(entry, this.files)) return false;
    entry.checkedAt = now;
    entry.idleChecks++;
    entry.seen = this.tick;
    return true;
  }

  /** stat parsed into `st`; false when the process is gone, or a probed pid turned out to be a thread. */
  private readStat(pid: number, entry: Entry | undefined, probe: boolean): boolean {
    const n = this.files.readStat(pid, entry);
    if (n === 0) return false;
    // A probed pid may be a new thread of a running process: /proc/TID answers too, but it is no row.
    if (!parseStatBytes(this.buf, n, this.st, probe ? EXIT_SIGNAL_FIELD : START_STACK_FIELD) || (probe && this.st.exitSignal === -1)) {
      if (this.files.statReopened) this.files.close(this.files.statFd);
      return false;
    }
    return true;
  }

  /** The process of last tick, stat just read: true when nothing its row shows changed. */
  private standsUnchanged(entry: Entry, now: number): boolean {
    entry.statFd = this.files.statFd;
    entry.seen = this.tick;
    entry.forceStat = false;
    if (now >= entry.fullDueAt) entry.fullDueAt = now + this.fullMs;
    if (!statUnchanged(entry, this.buf, this.st) || this.firstRecheckDue(entry, now)) return false;
    entry.checkedAt = now;
    entry.idleChecks++;
    return true;
  }

  /** A process new to this pid (first seen, or the pid was reused): a fresh entry keeping the stat descriptor. */
  private replaceEntry(pid: number, old: Entry | undefined, now: number): Entry {
    if (old) this.files.closeAll(old);
    const entry = newEntry(pid, this.st, this.procRoot, this.fullMs, now, this.tick);
    this.entries.set(pid, entry);
    entry.statFd = this.files.statFd;
    return entry;
  }

  /** The row from the stat in `st`: names after an exec, CPU and the slow files when it ran; null when it just exited. */
  private refresh(e: Entry, isNew: boolean, first: boolean, dtSec: number, now: number): ProcessRow | null {
    e.seen = this.tick;
    const cpuTicks = this.st.utime + this.st.stime;
    const moved = isNew || cpuTicks !== e.cpuTicks;
    const execed = !isNew && !sameProgram(e, this.buf, this.st);
    if ((isNew || execed) && !this.readNames(e, now)) return null;
    if (!isNew && !execed && this.retitleDue(e, moved, now)) this.rereadCmdline(e, now);
    if (this.st.state === Z && e.state !== Z) this.orphaned.push(e.pid);
    this.keepStatFields(e);
    let cpu = 0;
    let rates: Rates;
    // A paced kernel thread was last looked at some ticks ago: its CPU time accrued over that span.
    const spanSec = !isNew && e.kernel ? Math.max(dtSec, (now - e.checkedAt) / 1000) : dtSec;
    e.checkedAt = now;
    e.idleChecks = moved ? 0 : e.idleChecks + 1;
    if (moved) {
      // A process first seen after the first tick started within the interval: all its CPU time falls in it.
      const delta = isNew ? (first ? 0 : cpuTicks) : cpuTicks - e.cpuTicks;
      cpu = spanSec > 0 ? round1(Math.max(0, (delta / this.host.clockTicks / spanSec) * 100)) : 0;
      e.cpuTicks = cpuTicks;
      rates = refreshSlow(this.slow, e, spanSec, isNew, isNew && !first, execed, now);
    } else {
      const r = e.row;
      rates = { readRate: r.ioReadPerSec === null ? null : 0, writeRate: r.ioWritePerSec === null ? null : 0 };
    }
    e.row = buildRow(this.host, e, this.st, cpu, rates);
    return e.row;
  }

  /**
   * A program can rewrite its command line in place without an exec (setproctitle: nginx and postgres
   * workers, sshd sessions), and the comm often stays. It has to run to do that, so the command line of a
   * process that ran is read again at most every `cmdlineMs`. A fork that retitles itself at once may have
   * been read just before, using too little CPU to show it ran: each process's command line is read a
   * second time, once, `cmdlineMs` after first sight (at its next full read).
   */
  private retitleDue(e: Entry, moved: boolean, now: number): boolean {
    return !e.kernel && now - e.cmdlineReadAt >= this.cmdlineMs && (moved || !e.cmdlineRechecked);
  }

  /** The second look at a new process is due: refresh it even though its stat stands. */
  private firstRecheckDue(e: Entry, now: number): boolean {
    return !e.cmdlineRechecked && this.retitleDue(e, false, now);
  }

  /**
   * The command line again (retitleDue). Kept as it was when the process is gone or unreadable now, and when
   * it reads empty: a zombie's or an exiting process's memory is gone, not its command line.
   */
  private rereadCmdline(e: Entry, now: number): void {
    e.cmdlineReadAt = now;
    e.cmdlineRechecked = true;
    if (this.st.state === Z) return;
    const cmd = this.read(`${e.dir}/cmdline`);
    if (cmd.ok && cmd.text !== '') e.cmdline = joinCmdline(parseCmdline(cmd.text));
  }

  /** Command line and comm of a new or exec'd process; false (and forgotten) when it exited since its stat was read. */
  private readNames(e: Entry, now: number): boolean {
    const cmd = this.read(`${e.dir}/cmdline`);
    if (!cmd.ok && cmd.why === 'gone') {
      // No row, rather than one with a command line made up of nothing.
      this.files.closeAll(e);
      this.entries.delete(e.pid);
      this.orphaned.push(e.pid);
      return false;
    }
    e.cmdline = cmd.ok ? joinCmdline(parseCmdline(cmd.text)) : '';
    e.cmdlineReadAt = now;
    e.comm = this.buf.toString('utf8', this.st.commStart, this.st.commEnd);
    e.commBytes = new Uint8Array(this.buf.subarray(this.st.commStart, this.st.commEnd));
    e.startStack = this.st.startStack;
    return true;
  }

  /** The stat fields compared next tick (statUnchanged). */
  private keepStatFields(e: Entry): void {
    e.threads = this.st.threads;
    e.ppid = this.st.ppid;
    e.state = this.st.state;
    e.priority = this.st.priority;
    e.nice = this.st.nice;
    e.vsize = this.st.vsize;
    e.rssPages = this.st.rssPages;
  }

  /** Processes not seen this tick exited: forget them, and note their children were re-parented. */
  dropUnseen(): void {
    for (const [pid, entry] of this.entries) {
      if (entry.seen !== this.tick) {
        this.files.closeAll(entry);
        this.entries.delete(pid);
        this.orphaned.push(pid);
      }
    }
  }

  /**
   * The children of a process that exited were re-parented without running: read their stat next tick
   * so the tree does not wait for the periodic full read.
   */
  forceChildren(): void {
    const parents = new Set(this.orphaned);
    this.orphaned.length = 0;
    for (const entry of this.entries.values()) if (parents.has(entry.ppid)) entry.forceStat = true;
  }
}
