import type { Feed, FeedListener, FeedSource, TickTime } from './sampling-clock.js';
import { createSlowTickGuard, type SlowTickOptions } from './slow-tick.js';
import { Ring } from './ring.js';

/** What a feed asks of its clock: start the timer, stop it when no feed is active, hear errors. */
export interface FeedClock {
  wake(): void;
  idleCheck(): void;
  onError?: (error: unknown) => void;
  slowTick?: SlowTickOptions;
}

/**
 * One sampler on the clock: ticks while it has consumers, keeps its history, hands each value to every
 * listener. Public members are arrow properties: callers pass `feed.subscribe` and friends around unbound.
 */
export class ClockFeed<T> implements Feed<T> {
  private readonly listeners = new Set<FeedListener<T>>();
  private holds = 0;
  private busy = false;
  /** Bumped by a stop: a tick that was running when the feed stopped keeps nothing. */
  private generation = 0;
  private last: number | null = null;
  /** Values as they are, or packed where the source packs them. */
  private readonly ring: Ring<unknown> | null;
  private newest: T | undefined;
  private readonly slow: ReturnType<typeof createSlowTickGuard>;

  constructor(
    private readonly source: FeedSource<T>,
    private readonly clock: FeedClock,
  ) {
    this.ring = source.history ? new Ring<unknown>(source.history) : null;
    this.slow = createSlowTickGuard(source.name, clock.slowTick);
  }

  readonly consumers = (): number => this.listeners.size + this.holds;
  readonly latest = (): T | undefined => this.newest;
  readonly history = (): T[] => {
    const kept = this.ring?.toArray() ?? [];
    const packing = this.source.historyPacking;
    return packing ? kept.map((p) => packing.unpack(p)) : (kept as T[]);
  };
  readonly tickNow = (): Promise<void> => this.tick(true);

  readonly subscribe = (listener: FeedListener<T>): (() => void) => {
    this.listeners.add(listener);
    try {
      this.acquire();
    } catch (error) {
      // Nothing to sample here (no /proc): this subscriber hears it, the next one tries again.
      this.listeners.delete(listener);
      this.release();
      throw error;
    }
    return once(() => {
      if (this.listeners.delete(listener)) this.release();
    });
  };

  readonly hold = (): (() => void) => {
    this.holds++;
    this.acquire();
    return once(() => {
      this.holds = Math.max(0, this.holds - 1);
      this.release();
    });
  };

  async tick(force = false): Promise<void> {
    if (this.busy || (!force && this.consumers() === 0)) return;
    this.busy = true;
    const gen = this.generation;
    const monoMs = performance.now();
    const time: TickTime = { wallMs: Date.now(), monoMs, elapsedMs: this.last === null ? null : monoMs - this.last };
    try {
      const value = await this.slow.timeAsync(async () => this.source.tick(time));
      if (gen !== this.generation) return;
      this.last = monoMs;
      this.newest = value;
      this.keep(value);
      this.publish(value, time);
    } catch (error) {
      if (gen === this.generation) this.failed(error);
    } finally {
      this.busy = false;
    }
  }

  private keep(value: T): void {
    if (!this.ring) return;
    const { historyMs, timeOf, historyPacking: packing } = this.source;
    this.ring.push(packing ? packing.pack(value) : value);
    if (historyMs !== undefined && timeOf) {
      const oldest = timeOf(value) - historyMs;
      const timeOfKept = packing ? packing.timeOf : (kept: unknown) => timeOf(kept as T);
      this.ring.dropOldestWhile((kept) => timeOfKept(kept) < oldest);
    }
  }

  private publish(value: T, time: TickTime): void {
    for (const listener of [...this.listeners]) {
      try {
        listener.next(value, time);
      } catch (error) {
        // One broken consumer (a closed socket) must not starve the others.
        this.listeners.delete(listener);
        this.clock.onError?.(error);
      }
    }
  }

  private failed(error: unknown): void {
    if (this.source.onFailure !== 'stop') {
      this.clock.onError?.(error);
      return;
    }
    const failed = [...this.listeners];
    this.listeners.clear();
    this.holds = 0;
    this.stop();
    this.clock.idleCheck();
    for (const listener of failed) listener.fail?.(error);
  }

  private acquire(): void {
    if (this.consumers() !== 1) return;
    this.source.start?.();
    this.clock.wake();
    if (this.source.tickOnStart) queueMicrotask(() => void this.tick());
  }

  private release(): void {
    if (this.consumers() !== 0) return;
    this.stop();
    this.clock.idleCheck();
  }

  private stop(): void {
    this.generation++;
    this.last = null;
    this.newest = undefined;
    if (!this.source.keepHistoryWhenIdle) this.ring?.clear();
    try {
      this.source.stop?.();
    } catch (error) {
      this.clock.onError?.(error);
    }
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}
