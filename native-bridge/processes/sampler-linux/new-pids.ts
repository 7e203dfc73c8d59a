import type { KeptFiles } from './kept-files.js';

/** Up to this many pids handed out since the last tick are probed one by one; more list /proc. */
const MAX_PROBES = 48;

/** The pids handed out since the last tick, when probing them one by one finds every new process. */
export interface ProbeRange {
  from: number;
  to: number;
}

/**
 * Where new processes are looked for: the known processes plus those with a pid handed out since the
 * last tick are the list (those that died fail their read), so /proc is listed only when many pids were
 * handed out, the counter wrapped, or periodically: a /proc of another pid namespace gets new pids that
 * loadavg does not show.
 */
export class NewPids {
  private loadavgFd: number | null = null;
  private previousLastPid: number | null = null;
  private listedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly files: KeptFiles,
    private readonly procRoot: string,
    private readonly fullMs: number,
  ) {}

  /** The range to probe this tick; null when /proc is to be listed instead. */
  probeRange(now: number): ProbeRange | null {
    const lastPid = this.readLastPid();
    const handedOut = lastPid !== null && this.previousLastPid !== null ? lastPid - this.previousLastPid : -1;
    const known = handedOut >= 0 && handedOut <= MAX_PROBES && now - this.listedAt < this.fullMs;
    const from = (this.previousLastPid ?? 0) + 1;
    this.previousLastPid = lastPid;
    if (!known) {
      this.listedAt = now;
      return null;
    }
    return { from, to: lastPid! };
  }

  reset(): void {
    this.loadavgFd = this.files.close(this.loadavgFd);
    this.previousLastPid = null;
    this.listedAt = Number.NEGATIVE_INFINITY;
  }

  /** The last pid the kernel handed out (5th field of /proc/loadavg, for our pid namespace). */
  private readLastPid(): number | null {
    this.loadavgFd ??= this.files.open(`${this.procRoot}/loadavg`);
    if (this.loadavgFd === null) return null;
    const n = this.files.pread(this.loadavgFd);
    if (n <= 0) return null;
    const text = this.files.buf.toString('latin1', 0, n).trim();
    const value = Number(text.slice(text.lastIndexOf(' ') + 1));
    return Number.isInteger(value) ? value : null;
  }
}
