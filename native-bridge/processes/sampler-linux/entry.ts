import type { ProcessRow } from '../../contract/processes.js';
import type { IoFields } from '../../procfs/parse-io.js';
import { PF_KTHREAD, type StatScratch } from '../../procfs/parse-pid-stat.js';
import type { KeptFds } from './kept-files.js';

/** What the sampler remembers about one live process between ticks. */
export interface Entry extends KeptFds {
  pid: number;
  startTime: number;
  dir: string;
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
  /** Stat's startstack when the names were read (sameProgram). */
  startStack: number;
  /** performance.now() of the last read of the command line. */
  cmdlineReadAt: number;
  /** The command line was read again at least once after first sight (see ProcessVisitor.retitleDue). */
  cmdlineRechecked: boolean;
  /** false once schedstat proved useless for this process (kernel without schedstats prints zeros). */
  schedUsable: boolean;
  /** The last schedstat line (run time, wait time, timeslices), compared byte by byte. */
  schedBytes: Uint8Array;
  schedLength: number;
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

export const EMPTY = new Uint8Array(0);
/** Spreads the first full reads of processes seen in the same tick over the refresh period. */
const stagger = (pid: number): number => ((pid * 0.618_033_988_75) % 1 + 1) % 1;

/** A process first seen in this tick, from the stat just parsed into `st`. */
export function newEntry(pid: number, st: StatScratch, procRoot: string, fullMs: number, now: number, tick: number): Entry {
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
    startStack: 0,
    cmdlineReadAt: now,
    cmdlineRechecked: false,
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
