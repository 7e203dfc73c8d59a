// The cheap proofs that a process's row stands: schedstat did not move (it did not run), or the stat
// fields the row shows are the same bytes as last time. Both compare in JS loops over a few bytes: per
// process per tick, that beats a native Buffer.compare call and a copy.
import type { StatScratch } from '../../procfs/parse-pid-stat.js';
import type { Entry } from './entry.js';
import type { KeptFiles } from './kept-files.js';

/** A schedstat line is three decimal numbers: well under this. */
const SCHED_BYTES = 64;

/** true when schedstat proves the process has not run since the last tick. */
export function didNotRun(entry: Entry, files: KeptFiles): boolean {
  if (!entry.schedUsable || entry.threads !== 1) return false;
  entry.schedFd ??= files.open(`${entry.dir}/schedstat`, 64);
  if (entry.schedFd === null) return false;
  const n = files.pread(entry.schedFd);
  if (n <= 0 || n > SCHED_BYTES) return false;
  const buf = files.buf;
  if (buf[0] === 48 && buf[1] === 32) {
    // "0 0 0": a kernel without schedstats; this file tells nothing.
    entry.schedUsable = false;
    entry.schedFd = files.close(entry.schedFd);
    return false;
  }
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

/**
 * The program in `st` is the one whose names were last read: the same comm (from `buf`) and the same stack
 * start. An exec changes the comm unless the new program has the same name (a shell exec'ing a shell, node
 * starting node); its randomised stack tells those apart (not with randomisation off, nor where the kernel
 * hides the address and both read 0). A stack start of 0 says nothing: a zombie's or exiting process's
 * memory is gone, and it reads 0 although no exec happened.
 */
export function sameProgram(entry: Entry, buf: Buffer, st: StatScratch): boolean {
  if (st.startStack !== 0 && st.startStack !== entry.startStack) return false;
  const bytes = entry.commBytes;
  const length = st.commEnd - st.commStart;
  if (bytes.length !== length) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== buf[st.commStart + i]) return false;
  return true;
}

/** Nothing the row shows from stat differs from the last read. */
export function statUnchanged(entry: Entry, buf: Buffer, st: StatScratch): boolean {
  return (
    st.utime + st.stime === entry.cpuTicks &&
    st.state === entry.state &&
    st.rssPages === entry.rssPages &&
    st.vsize === entry.vsize &&
    st.ppid === entry.ppid &&
    st.nice === entry.nice &&
    st.priority === entry.priority &&
    st.threads === entry.threads &&
    sameProgram(entry, buf, st)
  );
}
