import { formatBytes, formatDuration, formatPercent, formatTimestamp } from '../common/format/index.js';
import type { ChangeEvent } from '../contract/changes.js';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';

export interface TopConsumerOptions {
  /** Only the heaviest few by CPU and by memory are candidates: the timeline is for what mattered. */
  topN: number;
  /** Percent of one core, as `top` counts it: below this a process is not using the machine in any way one would notice. */
  cpuPercent: number;
  /** Share of RAM (0–1): below this a process's memory is not why the machine behaves differently. */
  memoryShare: number;
  /** Heavy for at least this long without a break, ms: a compile step or a page load spiking for a moment is no change. */
  sustainMs: number;
  /** The live memory keeps this many changes (the newest). */
  keep: number;
}

export const TOP_CONSUMER_DEFAULTS: TopConsumerOptions = { topN: 5, cpuPercent: 10, memoryShare: 0.02, sustainMs: 30_000, keep: 1000 };

/** A change with the pid it is about (the history keeps events by pid). */
export interface TopConsumerChange {
  event: ChangeEvent;
  pid: number;
}

interface Watched {
  row: ProcessRow;
  /** Since when it has been heavy without a break (null: not heavy now). */
  heavySince: number | null;
  /** It was heavy long enough: its end is a change too. */
  counted: boolean;
  /** In the watch's first table: it was already running, so its start was not seen. */
  preexisting: boolean;
}

const key = (r: { pid: number; startTime: number }): string => `${r.pid}:${r.startTime}`;

/**
 * Notes when a process that is one of the top consumers (sustained) starts or ends, from the process table
 * feed the backend already runs. A process is named by pid and start time, so a reused pid is another one.
 * "Started" is told only for processes that began after the watch did (one already running was not seen
 * starting), dated at its start, once it has been heavy for the sustain time; "ended" for any counted one.
 */
export class TopConsumerTracker {
  private readonly options: TopConsumerOptions;
  private readonly rows = new Map<string, Watched>();
  private readonly changes: ChangeEvent[] = [];
  private readonly listeners = new Set<(changes: TopConsumerChange[]) => void>();
  private watchStart: number | null = null;

  constructor(options: Partial<TopConsumerOptions> = {}) {
    this.options = { ...TOP_CONSUMER_DEFAULTS, ...options };
  }

  /** When the watch saw its first table (ms since the epoch); null before. */
  get since(): number | null {
    return this.watchStart;
  }

  /** The changes seen so far, oldest first. */
  list(): ChangeEvent[] {
    return [...this.changes];
  }

  /** New changes as they are found (the history recorder writes them). */
  subscribe(listener: (changes: TopConsumerChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(message: ProcessTableMessage): void {
    const first = this.watchStart === null;
    this.watchStart ??= message.time;
    const found: TopConsumerChange[] = [];
    if (message.kind === 'snapshot') {
      const now = new Set(message.rows.map(key));
      for (const [k, w] of this.rows) if (!now.has(k)) this.ended(w, message.time, found);
      for (const row of message.rows) this.update(row, first);
    } else {
      for (const removed of message.removed) {
        const w = this.rows.get(key(removed));
        if (w) this.ended(w, message.time, found);
      }
      for (const change of message.changed) {
        const w = this.rows.get(key(change));
        if (w) w.row = { ...w.row, ...change };
      }
      for (const row of message.added) this.update(row, false);
    }
    this.judge(message, found);
    if (found.length === 0) return;
    this.changes.push(...found.map((c) => c.event));
    if (this.changes.length > this.options.keep) this.changes.splice(0, this.changes.length - this.options.keep);
    for (const listener of this.listeners) listener(found);
  }

  private update(row: ProcessRow, preexisting: boolean): void {
    const w = this.rows.get(key(row));
    if (w) w.row = row;
    else this.rows.set(key(row), { row, heavySince: null, counted: false, preexisting });
  }

  private ended(w: Watched, time: number, found: TopConsumerChange[]): void {
    this.rows.delete(key(w.row));
    if (!w.counted) return;
    const ran = time - w.row.startedAt;
    found.push({
      pid: w.row.pid,
      event: {
        // It ended within the last refresh; the refresh that noticed is the closest time there is.
        time: Math.round(time),
        kind: 'process',
        title: `${w.row.name} (pid ${w.row.pid}) ended after ${formatDuration(ran)}`,
        detail: `${w.row.cmdline || w.row.name} — user ${w.row.user}, started ${formatTimestamp(w.row.startedAt)}; gone from the process table at this refresh.`,
      },
    });
  }

  private judge(message: ProcessTableMessage, found: TopConsumerChange[]): void {
    const { topN, cpuPercent, memoryShare, sustainMs } = this.options;
    const all = [...this.rows.values()];
    const memoryBar = memoryShare * message.totalMemoryBytes;
    const byCpu = [...all].sort((a, b) => b.row.cpu - a.row.cpu).slice(0, topN).filter((w) => w.row.cpu >= cpuPercent);
    const byMemory = message.totalMemoryBytes > 0 ? [...all].sort((a, b) => b.row.rss - a.row.rss).slice(0, topN).filter((w) => w.row.rss >= memoryBar) : [];
    const heavy = new Set([...byCpu, ...byMemory]);
    for (const w of all) {
      if (!heavy.has(w)) {
        w.heavySince = null;
        continue;
      }
      w.heavySince ??= message.time;
      if (w.counted || message.time - w.heavySince < sustainMs) continue;
      w.counted = true;
      if (w.preexisting) continue;
      found.push({
        pid: w.row.pid,
        event: {
          time: Math.round(w.row.startedAt),
          kind: 'process',
          title: `${w.row.name} (pid ${w.row.pid}) started — ${this.weight(w.row, message.totalMemoryBytes, byCpu.includes(w))}`,
          detail: `${w.row.cmdline || w.row.name} — user ${w.row.user}; among the top ${topN} consumers for ${formatDuration(message.time - w.heavySince)} when noted.`,
        },
      });
    }
  }

  private weight(row: ProcessRow, totalMemoryBytes: number, forCpu: boolean): string {
    if (forCpu) return `${formatPercent(row.cpu, 0)} CPU`;
    return `${formatBytes(row.rss)} memory (${formatPercent((row.rss / totalMemoryBytes) * 100, 0)} of RAM)`;
  }
}
