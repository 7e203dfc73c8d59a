import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { createSlowTickGuard } from '../shared/slow-tick.js';
import { Ring } from './ring.js';

/** The history a new subscriber gets (the dashboard's longest window). */
export const HISTORY_MS = 15 * 60_000;
/** At least 15 minutes at the fastest interval (0.5 s). */
export const HISTORY_CAPACITY = 15 * 60 * 2;

export interface MetricsHubOptions {
  sample: () => Promise<SystemSample>;
  intervalMs: number;
  onError?: (error: unknown) => void;
  /** How far back the history reaches (default HISTORY_MS); older samples are dropped. */
  historyMs?: number;
}

type Listener = (message: MetricsMessage) => void;

/**
 * One sampler, many subscribers: the machine is sampled once per interval however many windows watch,
 * and not at all when nobody does. A new subscriber gets the ring once, then only new samples.
 */
export class MetricsHub {
  private readonly ring = new Ring<SystemSample>(HISTORY_CAPACITY);
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  private sampling = false;
  private readonly slow = createSlowTickGuard('system metrics');
  private intervalMs: number;

  constructor(private readonly options: MetricsHubOptions) {
    this.intervalMs = options.intervalMs;
  }

  get interval(): number {
    return this.intervalMs;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  history(): SystemSample[] {
    return this.ring.toArray();
  }

  subscribe(listener: Listener): () => void {
    listener({ kind: 'history', samples: this.ring.toArray(), intervalMs: this.intervalMs });
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * Takes one sample into the ring now, so that the first window to subscribe can draw a line at once
   * (a line needs two points; the subscription adds the second immediately).
   */
  async prime(): Promise<void> {
    if (this.ring.size === 0) await this.tick();
  }

  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    // A slow fallback collector must not pile up overlapping samples.
    if (this.sampling) return;
    this.sampling = true;
    try {
      const sample = await this.slow.timeAsync(() => this.options.sample());
      this.ring.push(sample);
      // 15 minutes, not 1,800 samples: at 1 Hz that is half the ring (a sample is ~4 KB on the heap with
      // two cores, more with many), so the backend does not hold 30 minutes nobody can show.
      const oldest = sample.time - (this.options.historyMs ?? HISTORY_MS);
      this.ring.dropOldestWhile((kept) => kept.time < oldest);
      const message: MetricsMessage = { kind: 'sample', sample };
      for (const listener of this.listeners) listener(message);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.sampling = false;
    }
  }
}
