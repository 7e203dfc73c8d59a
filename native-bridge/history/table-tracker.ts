import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';

export const rowKey = (r: { pid: number; startTime: number }): string => `${r.pid}:${r.startTime}`;

/** What one process did during one minute (or during the part of it that was watched). */
export interface MinuteUse {
  row: ProcessRow;
  cpuSeconds: number;
  rssSum: number;
  rssMax: number;
  samples: number;
  ioReadBytes: number;
  ioWriteBytes: number;
  seenMs: number;
}

export interface TopMinute {
  /** Start of the minute, ms since the epoch. */
  start: number;
  uses: MinuteUse[];
}

/** How many processes each minute keeps per measure (CPU, memory, I/O): their union is stored. */
export const TOP_PER_MINUTE = 10;

/**
 * The recorder's copy of the process table, kept up to date from the shared stream (rows are replaced,
 * never mutated: the stream's objects are shared with other subscribers), and each process's use
 * during the current minute, integrated over every refresh (so a burst between two frames still counts).
 */
export class TableTracker {
  readonly rows = new Map<string, ProcessRow>();
  ncpu = 1;
  totalMemoryBytes = 0;
  time = 0;
  private minute: number | null = null;
  private uses = new Map<string, MinuteUse>();
  private finished: TopMinute[] = [];

  apply(message: ProcessTableMessage): void {
    if (message.kind === 'snapshot') {
      this.rows.clear();
      for (const row of message.rows) this.rows.set(rowKey(row), row);
    } else {
      for (const k of message.removed) this.rows.delete(rowKey(k));
      for (const change of message.changed) {
        const key = rowKey(change);
        const old = this.rows.get(key);
        if (old) this.rows.set(key, { ...old, ...change });
      }
      for (const row of message.added) this.rows.set(rowKey(row), row);
    }
    this.ncpu = message.ncpu;
    this.totalMemoryBytes = message.totalMemoryBytes;
    this.time = message.time;
    this.account(message.time, message.intervalMs);
  }

  /** Minutes completed since the last call, each with its top consumers. */
  takeFinishedMinutes(): TopMinute[] {
    const out = this.finished;
    this.finished = [];
    return out;
  }

  /** Ends the current minute early (recording stops or pauses): what was seen of it is kept. */
  closeMinute(): void {
    if (this.minute !== null && this.uses.size > 0) this.finished.push({ start: this.minute, uses: topOf([...this.uses.values()]) });
    this.uses = new Map();
    this.minute = null;
  }

  private account(time: number, intervalMs: number): void {
    const minute = Math.floor(time / 60_000) * 60_000;
    if (this.minute !== null && minute !== this.minute) this.closeMinute();
    this.minute = minute;
    if (!(intervalMs > 0)) return;
    const dt = intervalMs / 1000;
    for (const [key, row] of this.rows) {
      let use = this.uses.get(key);
      if (!use) {
        use = { row, cpuSeconds: 0, rssSum: 0, rssMax: 0, samples: 0, ioReadBytes: 0, ioWriteBytes: 0, seenMs: 0 };
        this.uses.set(key, use);
      }
      use.row = row;
      use.cpuSeconds += (row.cpu / 100) * dt;
      use.rssSum += row.rss;
      if (row.rss > use.rssMax) use.rssMax = row.rss;
      use.samples++;
      use.ioReadBytes += (row.ioReadPerSec ?? 0) * dt;
      use.ioWriteBytes += (row.ioWritePerSec ?? 0) * dt;
      use.seenMs += intervalMs;
    }
  }
}

/** The union of the top consumers by CPU, by memory and by I/O. */
export function topOf(uses: readonly MinuteUse[], n = TOP_PER_MINUTE): MinuteUse[] {
  const pick = (score: (u: MinuteUse) => number) => [...uses].filter((u) => score(u) > 0).sort((a, b) => score(b) - score(a)).slice(0, n);
  const chosen = new Set<MinuteUse>([
    ...pick((u) => u.cpuSeconds),
    ...pick((u) => (u.samples ? u.rssSum / u.samples : 0)),
    ...pick((u) => u.ioReadBytes + u.ioWriteBytes),
  ]);
  return [...chosen];
}
