import { TriageError } from '../contract/errors.js';
import { intervalProblem } from '../contract/system.js';
import { ClockFeed } from './clock-feed.js';
import type { SlowTickOptions } from './slow-tick.js';

/** When a tick happened, measured: rates are computed over the real time between two ticks, never the nominal one. */
export interface TickTime {
  wallMs: number;
  /** performance.now(): monotonic, unaffected by the clock being set. */
  monoMs: number;
  /** Monotonic time since this feed's previous tick; null on its first. */
  elapsedMs: number | null;
}

/** What a sampler supplies: one tick. The clock paces it, shares it and stops it when nobody listens. */
export interface FeedSource<T> {
  /** Named in the slow-tick line. */
  name: string;
  tick(time: TickTime): T | Promise<T>;
  /** The first consumer arrived (open files, take a baseline). */
  start?(): void;
  /** The last consumer left (close files, forget deltas). */
  stop?(): void;
  /** Keep this many past values for new subscribers and readers (default none). */
  history?: number;
  /** And at most this far back, by `timeOf` (a count alone would hold 30 minutes at 1 Hz for a 15-minute chart). */
  historyMs?: number;
  timeOf?: (value: T) => number;
  /**
   * How the history holds each value, where values are large nested objects (the charts' samples): packed when
   * kept, unpacked when read. Its `timeOf` reads a packed value's time, so dropping the oldest unpacks nothing.
   */
  historyPacking?: HistoryPacking<T, unknown>;
  /** Keep them while nobody listens too (the charts' 15 minutes, with the holes where nobody watched). */
  keepHistoryWhenIdle?: boolean;
  /** The first consumer gets a value at once, not an interval later (a chart or a 2-second doctor run). */
  tickOnStart?: boolean;
  /**
   * A failed tick: 'continue' reports it through the clock's onError and ticks on (a collector that may
   * recover); 'stop' hands it to every subscriber, drops them and stops (the next subscriber starts afresh).
   */
  onFailure?: 'continue' | 'stop';
}

export interface HistoryPacking<T, P> {
  pack(value: T): P;
  unpack(packed: P): T;
  timeOf(packed: P): number;
}

export interface FeedListener<T> {
  next(value: T, time: TickTime): void;
  fail?(error: unknown): void;
}

export interface Feed<T> {
  /** Receives every tick from now on; the first consumer starts the feed. */
  subscribe(listener: FeedListener<T>): () => void;
  /** Keeps the feed ticking without listening (a pinned process sampled while no window shows it). */
  hold(): () => void;
  /** Listeners plus holds. */
  consumers(): number;
  latest(): T | undefined;
  history(): T[];
  /** One tick now, outside the schedule and even with no consumer, kept like any other (a first chart needs two points at once). */
  tickNow(): Promise<void>;
}

export interface SamplingClockOptions {
  intervalMs: number;
  onError?: (error: unknown) => void;
  slowTick?: SlowTickOptions;
}

interface FeedState {
  tick(): Promise<void>;
  active(): boolean;
}

/**
 * The one sampling clock: one interval, one timer, every feed ticking on it. The system charts, the
 * process table, memory pins and the network watch sample at the same instants (so the recorder and the
 * findings rules see one moment, not four), the interval is set in one place, and nothing samples when
 * nobody listens. Ticks are paced on monotonic time: a slow tick shortens the next wait; a tick that
 * overran a whole interval skips the missed instants instead of bunching them.
 */
export class SamplingClock {
  private intervalMs: number;
  private readonly feeds: FeedState[] = [];
  private timer: NodeJS.Timeout | null = null;
  private due = 0;
  private skipped = 0;
  private closed = false;

  constructor(private readonly options: SamplingClockOptions) {
    this.intervalMs = checkedInterval(options.intervalMs);
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Instants missed because a tick overran a whole interval, since the clock was made. */
  get skippedTicks(): number {
    return this.skipped;
  }

  /** True while any feed has a consumer and the timer runs. */
  get running(): boolean {
    return this.timer !== null;
  }

  setInterval(intervalMs: number): void {
    this.intervalMs = checkedInterval(intervalMs);
    if (this.timer) {
      this.stopTimer();
      this.due = performance.now() + this.intervalMs;
      this.schedule();
    }
  }

  feed<T>(source: FeedSource<T>): Feed<T> {
    const feed = new ClockFeed(source, {
      wake: () => this.wake(),
      idleCheck: () => this.idleCheck(),
      onError: this.options.onError,
      slowTick: this.options.slowTick,
    });
    this.feeds.push({ tick: () => feed.tick(), active: () => feed.consumers() > 0 });
    return feed;
  }

  /** For good: the backend is closing. */
  close(): void {
    this.closed = true;
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private wake(): void {
    if (this.timer || this.closed) return;
    this.due = performance.now() + this.intervalMs;
    this.schedule();
  }

  private idleCheck(): void {
    if (!this.feeds.some((f) => f.active())) this.stopTimer();
  }

  private schedule(): void {
    const wait = Math.max(0, this.due - performance.now());
    this.timer = setTimeout(() => void this.run(), wait);
    // Never keep a CLI run or a test alive just for sampling.
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = null;
    const active = this.feeds.filter((f) => f.active());
    if (active.length === 0) return;
    // All feeds start at the same instant; a slow one does not hold back the others (it skips its next tick).
    await Promise.all(active.map((f) => f.tick()));
    if (this.timer || this.closed || !this.feeds.some((f) => f.active())) return;
    const now = performance.now();
    this.due += this.intervalMs;
    if (this.due <= now) {
      const missed = Math.floor((now - this.due) / this.intervalMs) + 1;
      this.skipped += missed;
      this.due += missed * this.intervalMs;
    }
    this.schedule();
  }
}

function checkedInterval(ms: number): number {
  const problem = intervalProblem(ms);
  if (problem) throw new TriageError('INVALID_INPUT', problem);
  return ms;
}
