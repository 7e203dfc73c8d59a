import type { StreamSink } from '../contract/define.js';
import type { MemoryStreamMessage } from '../contract/memory.js';
import type { Feed, SamplingClock } from '../shared/sampling-clock.js';
import type { ResidentRow } from './rss-sampler.js';
import type { MemoryWatcher } from './watcher.js';

export interface WatchFeedOptions {
  suspectsIdleMs: number;
  residentRows?: (listener: (time: number, rows: readonly ResidentRow[]) => void) => () => void;
  onError?: (error: unknown) => void;
}

/**
 * The watcher on the sampling clock: one feed for every pin, stream subscriber and the suspect sampler,
 * held while one of them needs it and let go when none does.
 */
export class MemoryWatchFeed {
  readonly sinks = new Set<StreamSink<MemoryStreamMessage>>();
  private readonly feed: Feed<number>;
  private suspectsUntil = 0;
  private disposed = false;
  private release: (() => void) | null = null;
  private stopRows: (() => void) | null = null;

  constructor(
    private readonly watcher: MemoryWatcher,
    private readonly clock: SamplingClock,
    private readonly options: WatchFeedOptions,
  ) {
    this.feed = clock.feed({
      name: 'memory watch',
      tick: (time) => {
        // The clock's interval is the one the ring sizes follow.
        if (watcher.interval !== clock.interval) watcher.setIntervalMs(clock.interval);
        const result = watcher.tick(time.wallMs);
        if (this.sinks.size > 0) {
          this.broadcast({ kind: 'tick', time: result.time, memAvailableBytes: result.memAvailableBytes, pins: result.pins, alerts: result.alerts });
        }
        // Let go once nothing needs the watch (the last pin gone, the suspects idle).
        queueMicrotask(() => this.schedule());
        return result.time;
      },
      // A failed tick is the clock's to report (onError); the watch goes on.
      onFailure: 'continue',
    });
  }

  get running(): boolean {
    return this.release !== null && this.clock.running;
  }

  broadcast(message: MemoryStreamMessage): void {
    for (const sink of this.sinks) {
      try {
        sink.next(message);
      } catch (error) {
        this.sinks.delete(sink);
        this.options.onError?.(error);
      }
    }
  }

  /** Holds the feed while something needs it and lets it go when nothing does. */
  schedule(): void {
    const w = this.watcher;
    if (!this.disposed && (w.pinCount > 0 || this.sinks.size > 0 || (w.suspectsEnabled && Date.now() < this.suspectsUntil))) {
      this.release ??= this.feed.hold();
      return;
    }
    if (w.suspectsEnabled) this.stopSuspects();
    this.release?.();
    this.release = null;
  }

  /** Someone asked for suspects: sample every process until `suspectsIdleMs` after the last ask. */
  wantSuspects(now: number): void {
    if (!this.watcher.suspectsEnabled) this.startSuspects(now);
    this.suspectsUntil = now + this.options.suspectsIdleMs;
    this.schedule();
  }

  private startSuspects(now: number): void {
    const { watcher, options } = this;
    watcher.enableSuspects(true);
    if (options.residentRows) {
      watcher.suspectsFedFromTable = true;
      this.stopRows = options.residentRows((time, rows) => watcher.ingestSuspects(time, rows));
    } else {
      watcher.sampleSuspects(now);
    }
  }

  private stopSuspects(): void {
    this.stopRows?.();
    this.stopRows = null;
    this.watcher.suspectsFedFromTable = false;
    this.watcher.enableSuspects(false);
  }

  dispose(): void {
    this.disposed = true;
    this.stopRows?.();
    this.stopRows = null;
    this.release?.();
    this.release = null;
    this.sinks.clear();
    this.watcher.close();
  }
}
