/**
 * The one /proc/PID/stat parser. The sampler reads every running process's stat every tick; splitting the line
 * into ~50 strings cost more than the read, so the fields are parsed straight from the bytes into one object
 * filled in place per call (no allocation). `parsePidStat` wraps it for everyone else.
 */
export interface StatScratch {
  pid: number;
  /** Byte range of the name inside the buffer (between the first '(' and the last ')'). */
  commStart: number;
  commEnd: number;
  /** Char code of the state letter. */
  state: number;
  ppid: number;
  /** Field 5: process group id. */
  pgrp: number;
  /** Field 9: PF_* flags (PF_KTHREAD marks a kernel thread). */
  flags: number;
  utime: number;
  stime: number;
  priority: number;
  nice: number;
  threads: number;
  startTime: number;
  vsize: number;
  rssPages: number;
  /**
   * Field 28, parsed only when asked for: where the main stack starts. Stack randomisation gives each exec a
   * new one, so it tells an exec of a program with the same name; 0 when the kernel hides it (another user's
   * process, read without privilege).
   */
  startStack: number;
  /** Field 38, parsed only when asked for: -1 for a thread that is not its group's leader. */
  exitSignal: number;
}

export const newStatScratch = (): StatScratch => ({
  pid: 0,
  commStart: 0,
  commEnd: 0,
  state: 0,
  ppid: 0,
  pgrp: 0,
  flags: 0,
  utime: 0,
  stime: 0,
  priority: 0,
  nice: 0,
  threads: 0,
  startTime: 0,
  vsize: 0,
  rssPages: 0,
  startStack: 0,
  exitSignal: 0,
});

const SPACE = 32;
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;
const OPEN = 40;
const CLOSE = 41;
/** Field 24 (rss) is the last one the table uses; counted from field 3 (state) as index 0. */
export const RSS_FIELD = 21;
/** Field 28 (startstack): tells an exec that kept the name (StatScratch.startStack). */
export const START_STACK_FIELD = 25;
/** Field 38 (exit_signal): tells a thread reached through /proc/TID from a process. */
export const EXIT_SIGNAL_FIELD = 35;

/** 1 for the fields the switch in parseStatBytes keeps (numbered as RSS_FIELD), 0 for those stepped over. */
const KEPT = new Uint8Array(EXIT_SIGNAL_FIELD + 1);
for (const field of [1, 2, 6, 11, 12, 15, 16, 17, 19, 20, 21, START_STACK_FIELD, EXIT_SIGNAL_FIELD]) KEPT[field] = 1;

/** The pid, the name's byte range and the state into out; the index after the state, or -1 for no stat line. */
function parseHead(buf: Uint8Array, n: number, out: StatScratch): number {
  let i = 0;
  let pid = 0;
  while (i < n && buf[i] !== SPACE) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    pid = pid * 10 + d;
    i++;
  }
  if (i === 0 || i + 1 >= n || buf[i + 1] !== OPEN) return -1;
  const close = buf.lastIndexOf(CLOSE, n - 1);
  if (close < i + 1 || close + 3 >= n) return -1;
  out.pid = pid;
  out.commStart = i + 2;
  out.commEnd = close;
  out.state = buf[close + 2]!;
  out.startStack = 0;
  out.exitSignal = 0;
  return close + 3;
}

/**
 * Parses the first n bytes of buf as a stat line into out; false for anything that is not one (a
 * vanished process reads empty). The name ends at the LAST ')' because a process may call itself "a) b (".
 */
export function parseStatBytes(buf: Uint8Array, n: number, out: StatScratch, lastField = RSS_FIELD): boolean {
  let i = parseHead(buf, n, out);
  if (i < 0) return false;
  for (let field = 1; field <= lastField; field++) {
    if (i >= n || buf[i] !== SPACE) {
      // The fields after rss are extras (the stack start, the exit signal): a line that stops after rss is whole.
      return field > RSS_FIELD && (i >= n || buf[i] === NEWLINE);
    }
    i++;
    if (KEPT[field] === 0) {
      // A field no reader uses is stepped over, not converted (rsslim alone is 20 digits): the per-tick parse
      // reaches the stack start for about a quarter more than it paid to stop at rss.
      const from = i;
      while (i < n && buf[i] !== SPACE && buf[i] !== NEWLINE) i++;
      if (i === from) return false;
      continue;
    }
    let negative = false;
    if (buf[i] === MINUS) {
      negative = true;
      i++;
    }
    const start = i;
    let value = 0;
    while (i < n) {
      const c = buf[i]!;
      if (c === SPACE || c === NEWLINE) break;
      const d = c - ZERO;
      if (d < 0 || d > 9) return false;
      value = value * 10 + d;
      i++;
    }
    if (i === start) return false;
    if (negative) value = -value;
    switch (field) {
      case 1:
        out.ppid = value;
        break;
      case 2:
        out.pgrp = value;
        break;
      case 6:
        out.flags = value;
        break;
      case 11:
        out.utime = value;
        break;
      case 12:
        out.stime = value;
        break;
      case 15:
        out.priority = value;
        break;
      case 16:
        out.nice = value;
        break;
      case 17:
        out.threads = value;
        break;
      case 19:
        out.startTime = value;
        break;
      case 20:
        out.vsize = value;
        break;
      case 21:
        out.rssPages = value;
        break;
      case 25:
        out.startStack = value;
        break;
      case 35:
        out.exitSignal = value;
        break;
    }
  }
  return true;
}

/**
 * The stat fields as one object, for the readers that are not on a per-tick path. `comm` is the command name
 * as the kernel keeps it (15 bytes at most; may hold spaces and ')'); `startTime` (field 22, clock ticks after
 * boot) names, with the pid, one process for the life of the machine.
 */
export type PidStat = Omit<StatScratch, 'commStart' | 'commEnd' | 'state' | 'exitSignal' | 'startStack'> & { comm: string; state: string };

const scratch = newStatScratch();

/** Parses a stat line from its bytes; null for anything that is not one (a process vanishing mid-read reads empty). */
export function parsePidStatBytes(buf: Buffer, n = buf.length): PidStat | null {
  if (!parseStatBytes(buf, n, scratch)) return null;
  const { commStart, commEnd, state, exitSignal: _exitSignal, startStack: _startStack, ...fields } = scratch;
  return { ...fields, comm: buf.toString('utf8', commStart, commEnd), state: String.fromCharCode(state) };
}

export const parsePidStat = (text: string): PidStat | null => parsePidStatBytes(Buffer.from(text, 'utf8'));

export const PF_KTHREAD = 0x0020_0000;

/** Kernel threads have no user memory and no command line. */
export const isKernelThread = (stat: { flags: number }): boolean => (stat.flags & PF_KTHREAD) !== 0;
