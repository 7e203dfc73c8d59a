import type { MetricsMessage, SystemSample } from '../contract/system.js';
import type { Feed, SamplingClock } from '../shared/sampling-clock.js';
import { packedTime, SamplePacker, unpackSample } from '../system/sample-packing.js';

/** The history a new subscriber gets (the dashboard's longest window). */
export const HISTORY_MS = 15 * 60_000;
/** 15 minutes at the app's fastest choice (0.5 s). */
export const HISTORY_CAPACITY = 15 * 60 * 2;

type Listener = (message: MetricsMessage) => void;

/**
 * The system charts' feed on the sampling clock: the machine is sampled once per tick however many
 * windows watch, and not at all when nobody does. A new subscriber gets the ring once, then each sample.
 */
export class MetricsHub {
  private readonly feed: Feed<SystemSample>;

  constructor(
    private readonly clock: SamplingClock,
    sample: () => Promise<SystemSample>,
    historyMs: number = HISTORY_MS,
  ) {
    const packer = new SamplePacker();
    // A slow fallback collector that fails once may work next time: report it and go on.
    // 15 minutes, not 1,800 samples: at 1 Hz that is half the ring, so the backend does not hold 30 minutes
    // nobody can show. Samples are kept packed (sample-packing.ts says what that saves).
    this.feed = clock.feed({
      name: 'system metrics',
      tick: sample,
      history: HISTORY_CAPACITY,
      historyMs,
      timeOf: (s) => s.time,
      historyPacking: { pack: (s) => packer.pack(s), unpack: unpackSample, timeOf: packedTime },
      keepHistoryWhenIdle: true,
      tickOnStart: true,
      onFailure: 'continue',
    });
  }

  get interval(): number {
    return this.clock.interval;
  }

  get subscriberCount(): number {
    return this.feed.consumers();
  }

  history(): SystemSample[] {
    return this.feed.history();
  }

  subscribe(listener: Listener): () => void {
    listener({ kind: 'history', samples: this.feed.history(), intervalMs: this.clock.interval });
    return this.feed.subscribe({ next: (sample) => listener({ kind: 'sample', sample }) });
  }

  /**
   * Takes one sample into the ring now, so that the first window to subscribe can draw a line at once
   * (a line needs two points; the first tick adds the second).
   */
  async prime(): Promise<void> {
    if (this.feed.history().length === 0) await this.feed.tickNow();
  }
}
