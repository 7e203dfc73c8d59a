import { readPageSize } from '../procfs/page-size.js';
import { statmRssPages } from '../procfs/parse-statm.js';
import { DEFAULT_PROC_ROOT, openFilesSoftLimit, procPath, readPidStat } from '../procfs/pid-files.js';
import { ProcFile } from '../procfs/proc-file.js';
import { isGone, listPids, readProcBytes } from '../procfs/read.js';
import { ColumnRing } from './ring.js';

export interface ProcessSeries {
  pid: number;
  startTime: number;
  name: string;
  ring: ColumnRing<'time' | 'rss'>;
  /** When the value last differed from the sample before: lets the leak screen skip still series in O(1). */
  changedAt: number;
}

interface Entry extends ProcessSeries {
  /** Held open while under the fd cap; null means re-open on every sample. */
  file: ProcFile | null;
  /** Kernel threads and zombies have no user memory: listed once, never sampled. */
  noMemory: boolean;
}

export interface RssSamplerOptions {
  procRoot?: string;
  windowMs?: number;
  /** Samples closer together than this are skipped, whatever the caller's tick rate. */
  minIntervalMs?: number;
  /** Statm files kept open at most (default: a quarter of the fd limit); beyond it, opened per sample. */
  maxOpenFiles?: number;
}

/** What the suspects need of a process-table row. */
export interface ResidentRow {
  pid: number;
  startTime: number;
  name: string;
  /** Resident size in bytes. */
  rss: number;
}

export interface Consumer {
  pid: number;
  name: string;
  rssBytes: number;
}

const GONE = -2;

/**
 * How many statm files the sampler may hold open: a quarter of this process's soft limit (Electron or a desktop
 * session may run with 1024), never more than 4096.
 */
function openFileBudget(procRoot: string): number {
  const soft = openFilesSoftLimit(procRoot);
  return soft === null ? 256 : Math.max(0, Math.min(4096, Math.floor(soft / 4)));
}

/**
 * Resident size of every process, cheaply: one readdir of /proc and one pread of an already-open
 * statm per process and sample, digits parsed straight from the buffer.
 */
export class RssSampler {
  private readonly procRoot: string;
  private readonly windowMs: number;
  private readonly minIntervalMs: number;
  private readonly maxOpenFiles: number;
  private readonly page: number;
  private readonly entries = new Map<number, Entry>();
  private openFiles = 0;
  private lastSample = -Infinity;
  private firstSample: number | null = null;

  constructor(options: RssSamplerOptions = {}) {
    this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxOpenFiles = options.maxOpenFiles ?? openFileBudget(this.procRoot);
    this.page = readPageSize(this.procRoot);
  }

  get capacity(): number {
    return Math.ceil(this.windowMs / this.minIntervalMs) + 1;
  }

  /** How long the sampler has been watching (ms), for "observed over …" wording. */
  observedMs(now: number): number {
    return this.firstSample === null ? 0 : now - this.firstSample;
  }

  /** Takes one sample of every process unless the last one is younger than minIntervalMs. */
  sample(now: number): boolean {
    if (now - this.lastSample < this.minIntervalMs * 0.9) return false;
    this.lastSample = now;
    this.firstSample ??= now;
    const seen = new Set<number>();
    for (const pid of listPids(this.procRoot)) {
      seen.add(pid);
      let entry: Entry | null | undefined = this.entries.get(pid);
      if (!entry) {
        entry = this.open(pid);
        if (!entry) continue;
      }
      if (entry.noMemory) continue;
      let pages = this.readPages(entry);
      if (pages === GONE) {
        // Same number, new process (pid reuse between samples): start a fresh series.
        this.drop(entry);
        entry = this.open(pid);
        if (!entry || entry.noMemory) continue;
        pages = this.readPages(entry);
        if (pages === GONE) {
          this.drop(entry);
          continue;
        }
      }
      if (pages <= 0) continue;
      const rss = pages * this.page;
      if (entry.ring.size === 0 || entry.ring.last('rss') !== rss) entry.changedAt = now;
      entry.ring.push({ time: now, rss });
    }
    for (const entry of this.entries.values()) if (!seen.has(entry.pid)) this.drop(entry);
    return true;
  }

  /**
   * One sample from rows another sampler already read (the process table, on the same clock): no file is
   * opened, nothing is read twice. Rows without resident memory (kernel threads, zombies) are not series.
   */
  ingest(now: number, rows: Iterable<ResidentRow>): boolean {
    if (now - this.lastSample < this.minIntervalMs * 0.9) return false;
    this.lastSample = now;
    this.firstSample ??= now;
    const seen = new Set<number>();
    for (const row of rows) {
      if (row.rss <= 0) continue;
      seen.add(row.pid);
      let entry = this.entries.get(row.pid);
      if (entry && entry.startTime !== row.startTime) {
        // Same number, new process: a fresh series.
        this.drop(entry);
        entry = undefined;
      }
      if (!entry) {
        entry = { pid: row.pid, startTime: row.startTime, name: row.name, ring: new ColumnRing(['time', 'rss'], this.capacity), changedAt: -Infinity, file: null, noMemory: false };
        this.entries.set(row.pid, entry);
      }
      if (entry.ring.size === 0 || entry.ring.last('rss') !== row.rss) entry.changedAt = now;
      entry.ring.push({ time: now, rss: row.rss });
    }
    for (const entry of this.entries.values()) if (!seen.has(entry.pid)) this.drop(entry);
    return true;
  }

  series(): IterableIterator<ProcessSeries> {
    return this.entries.values();
  }

  /** The biggest processes by their latest resident size. */
  top(count: number): Consumer[] {
    const rows: Consumer[] = [];
    for (const e of this.entries.values()) {
      if (e.noMemory || e.ring.size === 0) continue;
      rows.push({ pid: e.pid, name: e.name, rssBytes: e.ring.last('rss') });
    }
    return rows.sort((a, b) => b.rssBytes - a.rssBytes).slice(0, count);
  }

  get processCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (!e.noMemory) n++;
    return n;
  }

  close(): void {
    for (const entry of this.entries.values()) this.drop(entry);
  }

  private open(pid: number): Entry | null {
    const identity = readPidStat(this.procRoot, pid);
    if (!identity) return null;
    const entry: Entry = {
      pid,
      startTime: identity.startTime,
      name: identity.comm,
      ring: new ColumnRing(['time', 'rss'], this.capacity),
      changedAt: -Infinity,
      file: null,
      noMemory: identity.state === 'Z',
    };
    if (!entry.noMemory && this.openFiles < this.maxOpenFiles) {
      try {
        entry.file = new ProcFile(procPath(this.procRoot, pid, 'statm'), 128);
        this.openFiles++;
      } catch (error) {
        if (isGone(error)) return null;
      }
    }
    this.entries.set(pid, entry);
    return entry;
  }

  private readPages(entry: Entry): number {
    let buf: Buffer;
    let n: number;
    if (entry.file) {
      try {
        n = entry.file.readBytes();
      } catch (error) {
        return isGone(error) ? GONE : -1;
      }
      buf = entry.file.buffer;
    } else {
      const read = readProcBytes(procPath(this.procRoot, entry.pid, 'statm'));
      if (!read.ok) return read.why === 'gone' ? GONE : -1;
      buf = read.bytes;
      n = buf.length;
    }
    const pages = statmRssPages(buf, n);
    if (n > 0 && buf[0] === 0x30 && pages === 0) entry.noMemory = true;
    return pages;
  }

  private drop(entry: Entry): void {
    if (entry.file) {
      entry.file.close();
      entry.file = null;
      this.openFiles--;
    }
    this.entries.delete(entry.pid);
  }
}

/** One-off "who uses the most memory right now", for alert context when the sampler is not running. */
export function topConsumersNow(procRoot: string, count: number): Consumer[] {
  const page = readPageSize(procRoot);
  const rows: Consumer[] = [];
  for (const pid of listPids(procRoot)) {
    // Exited while we looked: not a consumer any more.
    const statm = readProcBytes(procPath(procRoot, pid, 'statm'));
    const rss = statm.ok ? statmRssPages(statm.bytes, statm.bytes.length) * page : 0;
    if (!(rss > 0)) continue;
    const identity = readPidStat(procRoot, pid);
    rows.push({ pid, name: identity?.comm ?? '?', rssBytes: rss });
  }
  return rows.sort((a, b) => b.rssBytes - a.rssBytes).slice(0, count);
}
