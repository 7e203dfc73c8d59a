import type { Implementation, StreamSink } from '../contract/define.js';
import type { MemoryContract, MemoryStreamMessage } from '../contract/memory.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import { MemoryWatcher, type WatcherOptions } from './watcher.js';
import type { ResidentRow } from './rss-sampler.js';

export interface MemoryServiceOptions extends WatcherOptions {
  /** Paces the watch (default a clock of its own at `intervalMs`, 1 s; the backend passes the one clock). */
  clock?: SamplingClock;
  /** The all-process sampler behind `memory.suspects` stops this long after the last call. */
  suspectsIdleMs?: number;
  /**
   * Every process's resident size as the process table read it (the backend wires its table feed): the
   * suspects then read no /proc file of their own. Without it, the watch reads statm itself.
   */
  residentRows?: (listener: (time: number, rows: readonly ResidentRow[]) => void) => () => void;
  onError?: (error: unknown) => void;
}

/** What is not part of the API (the watcher, shutdown), for the backend and the CLI. */
export interface MemoryServiceControl {
  readonly watcher: MemoryWatcher;
  intervalMs(): number;
  /** True while the watch ticks on the clock. */
  running(): boolean;
  dispose(): void;
}

export type MemoryService = Implementation<MemoryContract> & { control: MemoryServiceControl };

/**
 * The memory domain behind the contract. One feed on the sampling clock serves every pin, subscriber and
 * the suspect sampler, and ticks only while one of them needs it.
 */
export function createMemoryService(options: MemoryServiceOptions = {}): MemoryService {
  const clock = options.clock ?? new SamplingClock({ intervalMs: options.intervalMs ?? 1000, onError: options.onError });
  const suspectsIdleMs = options.suspectsIdleMs ?? 10 * 60_000;
  const watcher = new MemoryWatcher({ ...options, intervalMs: clock.interval });
  const sinks = new Set<StreamSink<MemoryStreamMessage>>();
  let suspectsUntil = 0;
  let disposed = false;
  let release: (() => void) | null = null;
  let stopRows: (() => void) | null = null;

  const needed = (): boolean =>
    !disposed && (watcher.pinCount > 0 || sinks.size > 0 || (watcher.suspectsEnabled && Date.now() < suspectsUntil));

  const broadcast = (message: MemoryStreamMessage): void => {
    for (const sink of sinks) {
      try {
        sink.next(message);
      } catch (error) {
        sinks.delete(sink);
        options.onError?.(error);
      }
    }
  };

  const feed = clock.feed({
    name: 'memory watch',
    tick(time) {
      // The clock's interval is the one the ring sizes follow.
      if (watcher.interval !== clock.interval) watcher.setIntervalMs(clock.interval);
      const result = watcher.tick(time.wallMs);
      if (sinks.size > 0) {
        broadcast({ kind: 'tick', time: result.time, memAvailableBytes: result.memAvailableBytes, pins: result.pins, alerts: result.alerts });
      }
      // Let go once nothing needs the watch (the last pin gone, the suspects idle).
      queueMicrotask(schedule);
      return result.time;
    },
    // A failed tick is the clock's to report (onError); the watch goes on.
    onFailure: 'continue',
  });

  /** Holds the feed while something needs it and lets it go when nothing does. */
  function schedule(): void {
    if (needed()) {
      release ??= feed.hold();
      return;
    }
    if (watcher.suspectsEnabled) stopSuspects();
    release?.();
    release = null;
  }

  function startSuspects(now: number): void {
    watcher.enableSuspects(true);
    if (options.residentRows) {
      watcher.suspectsFedFromTable = true;
      stopRows = options.residentRows((time, rows) => watcher.ingestSuspects(time, rows));
    } else {
      watcher.sampleSuspects(now);
    }
  }

  function stopSuspects(): void {
    stopRows?.();
    stopRows = null;
    watcher.suspectsFedFromTable = false;
    watcher.enableSuspects(false);
  }

  const control: MemoryServiceControl = {
    watcher,
    intervalMs: () => clock.interval,
    running: () => release !== null && clock.running,
    dispose() {
      disposed = true;
      stopRows?.();
      stopRows = null;
      release?.();
      release = null;
      sinks.clear();
      watcher.close();
    },
  };

  return {
    control,
    async 'memory.pin'(input) {
      const { sizeBytes, rateMiBPerMin, ...target } = input;
      const view = watcher.pin(target, { sizeBytes, rateMiBPerMin });
      if (view.snapshots.length === 0 && view.status === 'running') {
        try {
          await watcher.captureMaps(view.pinId);
        } catch (error) {
          // The chart works without a map; "what grew?" will say why when asked.
          options.onError?.(error);
        }
      }
      const pin = watcher.view(view.pinId);
      broadcast({ kind: 'pinned', pin });
      schedule();
      return pin;
    },
    async 'memory.unpin'({ pinId }) {
      watcher.unpin(pinId);
      broadcast({ kind: 'unpinned', pinId });
      schedule();
      return { pinId };
    },
    async 'memory.setLimit'({ pinId, sizeBytes, rateMiBPerMin }) {
      return watcher.setLimit(pinId, { sizeBytes, rateMiBPerMin });
    },
    async 'memory.pins'({ maxPoints }) {
      return { intervalMs: clock.interval, pins: watcher.views(maxPoints) };
    },
    'memory.stream'(_input, sink) {
      sink.next({ kind: 'history', intervalMs: clock.interval, pins: watcher.views() });
      sinks.add(sink);
      schedule();
      return () => {
        sinks.delete(sink);
        schedule();
      };
    },
    async 'memory.suspects'({ limit }) {
      const now = Date.now();
      if (!watcher.suspectsEnabled) startSuspects(now);
      suspectsUntil = now + suspectsIdleMs;
      schedule();
      return watcher.suspects(now, limit);
    },
    async 'memory.alerts'({ sinceId, limit }) {
      return watcher.alerts(sinceId, limit);
    },
    async 'memory.captureMaps'({ pinId }) {
      return watcher.captureMaps(pinId);
    },
    async 'memory.compareMaps'(input) {
      return { pinId: input.pinId, ...(await watcher.compareMaps(input)) };
    },
  };
}
