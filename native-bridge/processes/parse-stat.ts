/** The /proc/PID/stat fields the table needs. Times in clock ticks, sizes in bytes (rss converted from pages). */
export interface StatFields {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  priority: number;
  nice: number;
  threads: number;
  /** Field 22: clock ticks after boot. */
  startTime: number;
  vsize: number;
  rssPages: number;
}

/**
 * Parses /proc/PID/stat. `comm` may hold spaces and parentheses (a process can name itself "a) b ("),
 * so the name ends at the LAST ')' and every other field is counted from there.
 * Returns null for text that is not a stat line (a process that vanished mid-read gives an empty one).
 */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open - 1));
  // After ") ": field 3 (state) is index 0, so field n is index n - 3.
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22 || !Number.isInteger(pid)) return null;
  const num = (i: number): number => Number(f[i]);
  const fields: StatFields = {
    pid,
    comm: text.slice(open + 1, close),
    state: f[0]!,
    ppid: num(1),
    utime: num(11),
    stime: num(12),
    priority: num(15),
    nice: num(16),
    threads: num(17),
    startTime: num(19),
    vsize: num(20),
    rssPages: num(21),
  };
  if (!Number.isFinite(fields.startTime) || !Number.isFinite(fields.utime) || !Number.isFinite(fields.rssPages)) return null;
  return fields;
}

/** Only the start time (field 22), for the pid-reuse guard. */
export function parseStartTime(text: string): number | null {
  return parseStat(text)?.startTime ?? null;
}
