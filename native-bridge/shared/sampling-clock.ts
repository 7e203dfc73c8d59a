import { TriageError } from '../contract/errors.js';
import { intervalProblem } from '../contract/system.js';
import { createSlowTickGuard, type SlowTickOptions } from './slow-tick.js';
import { Ring } from './ring.js';

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
    const listeners = new Set<FeedListener<T>>();
    let holds = 0;
    let busy = false;
    let generation = 0;
    let last: number | null = null;
    const ring = source.history ? new Ring<T>(source.history) : null;
    let newest: T | undefined;
    const slow = createSlowTickGuard(source.name, this.options.slowTick);

    const consumers = (): number => listeners.size + holds;
    const stopFeed = (): void => {
      generation++;
      last = null;
      newest = undefined;
      if (!source.keepHistoryWhenIdle) ring?.clear();
      try {
        source.stop?.();
      } catch (error) {
        this.options.onError?.(error);
      }
    };
    const release = (): void => {
      if (consumers() === 0) {
        stopFeed();
        this.idleCheck();
      }
    };
    const acquire = (): void => {
      if (consumers() === 1) {
        source.start?.();
        this.wake();
        if (source.tickOnStart) queueMicrotask(() => void tick());
      }
    };
    const tick = async (force = false): Promise<void> => {
      if (busy || (!force && consumers() === 0)) return;
      busy = true;
      const gen = generation;
      const monoMs = performance.now();
      const time: TickTime = { wallMs: Date.now(), monoMs, elapsedMs: last === null ? null : monoMs - last };
      try {
        const value = await slow.timeAsync(async () => source.tick(time));
        if (gen !== generation) return;
        last = monoMs;
        newest = value;
        if (ring) {
          ring.push(value);
          const { historyMs, timeOf } = source;
          if (historyMs !== undefined && timeOf) {
            const oldest = timeOf(value) - historyMs;
            ring.dropOldestWhile((kept) => timeOf(kept) < oldest);
          }
        }
        for (const listener of [...listeners]) {
          try {
            listener.next(value, time);
          } catch (error) {
            // One broken consumer (a closed socket) must not starve the others.
            listeners.delete(listener);
            this.options.onError?.(error);
          }
        }
      } catch (error) {
        if (gen !== generation) return;
        if (source.onFailure === 'stop') {
          const failed = [...listeners];
          listeners.clear();
          holds = 0;
          stopFeed();
          this.idleCheck();
          for (const listener of failed) listener.fail?.(error);
        } else {
          this.options.onError?.(error);
        }
      } finally {
        busy = false;
      }
    };
    this.feeds.push({ tick: () => tick(), active: () => consumers() > 0 });

    return {
      subscribe: (listener) => {
        listeners.add(listener);
        try {
          acquire();
        } catch (error) {
          // Nothing to sample here (no /proc): this subscriber hears it, the next one tries again.
          listeners.delete(listener);
          release();
          throw error;
        }
        let done = false;
        return () => {
          if (done) return;
          done = true;
          if (listeners.delete(listener)) release();
        };
      },
      hold: () => {
        holds++;
        acquire();
        let done = false;
        return () => {
          if (done) return;
          done = true;
          holds = Math.max(0, holds - 1);
          release();
        };
      },
      consumers,
      latest: () => newest,
      history: () => ring?.toArray() ?? [],
      tickNow: () => tick(true),
    };
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
