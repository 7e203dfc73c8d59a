// The files read only when a process's CPU time moved (or it is new): statm for shared memory, status
// for swap and uid (at most every 5 s), io for the byte rates.
import type { IdNames } from '../../procfs/id-names.js';
import { parseIo } from '../../procfs/parse-io.js';
import { parseStatm } from '../../procfs/parse-statm.js';
import { parseStatus } from '../../procfs/parse-status.js';
import type { Entry } from './entry.js';
import type { KeptFiles } from './kept-files.js';

export interface Rates {
  readRate: number | null;
  writeRate: number | null;
}

/** What the slow reads need besides the entry: fixed for the sampler's lifetime. */
export interface SlowContext {
  files: KeptFiles;
  users: IdNames;
  pageSize: number;
}

/** status (uid, swap) is re-read at most this often for a process that keeps running; swap and uid change slowly. */
const STATUS_EVERY_MS = 5000;
const NO_RATES: Rates = { readRate: null, writeRate: null };

export function refreshSlow(ctx: SlowContext, entry: Entry, dtSec: number, isNew: boolean, ioFromZero: boolean, execed: boolean, now: number): Rates {
  readShared(ctx, entry);
  if (isNew || execed || now - entry.statusReadAt >= STATUS_EVERY_MS) readStatus(ctx, entry, now);
  return ioRates(ctx.files, entry, dtSec, ioFromZero);
}

/** Shared memory from statm (a kernel thread has no address space: zero). */
function readShared(ctx: SlowContext, entry: Entry): void {
  if (entry.kernel) {
    entry.shared = 0;
    return;
  }
  entry.statmFd ??= ctx.files.open(`${entry.dir}/statm`, 64);
  const statm = ctx.files.readWhole(entry.statmFd, `${entry.dir}/statm`);
  if (statm.ok) {
    const parsed = parseStatm(statm.text);
    if (parsed) entry.shared = parsed.sharedPages * ctx.pageSize;
  }
}

/** Swap and the effective uid (with its user name) from status. */
function readStatus(ctx: SlowContext, entry: Entry, now: number): void {
  entry.statusReadAt = now;
  const status = ctx.files.readPath(`${entry.dir}/status`);
  if (!status.ok) return;
  const parsed = parseStatus(status.text);
  entry.swap = parsed.swap;
  const uid = parsed.uids ? parsed.uids[1] : null;
  if (uid !== entry.uid) {
    entry.uid = uid;
    entry.user = uid === null ? '?' : ctx.users.name(uid);
  }
}

/** Read and write bytes per second since the last read of io; null rates when io cannot be read. */
function ioRates(files: KeptFiles, entry: Entry, dtSec: number, ioFromZero: boolean): Rates {
  if (entry.ioDenied) return NO_RATES;
  if (entry.ioFd === null) {
    // Opening io needs ptrace-read rights: EACCES marks it unreadable for this process's lifetime.
    const opened = files.openIo(entry.dir);
    if (opened === 'denied') {
      entry.ioDenied = true;
      return NO_RATES;
    }
    entry.ioFd = opened;
  }
  const io = files.readWhole(entry.ioFd, `${entry.dir}/io`);
  const parsed = io.ok ? parseIo(io.text) : null;
  if (!parsed) return NO_RATES;
  // A process new since the last tick did all its I/O within the interval.
  const base = entry.io ?? (ioFromZero ? { readBytes: 0, writeBytes: 0 } : parsed);
  entry.io = parsed;
  return {
    readRate: dtSec > 0 ? Math.round(Math.max(0, parsed.readBytes - base.readBytes) / dtSec) : 0,
    writeRate: dtSec > 0 ? Math.round(Math.max(0, parsed.writeBytes - base.writeBytes) / dtSec) : 0,
  };
}
