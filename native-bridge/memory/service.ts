import type { Implementation } from '../contract/define.js';
import type { MemoryContract } from '../contract/memory.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import { MemoryWatchFeed } from './watch-feed.js';
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
  const live = new MemoryWatchFeed(watcher, clock, { suspectsIdleMs, residentRows: options.residentRows, onError: options.onError });
  const { sinks } = live;
  const control: MemoryServiceControl = {
    watcher,
    intervalMs: () => clock.interval,
    running: () => live.running,
    dispose: () => live.dispose(),
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
      live.broadcast({ kind: 'pinned', pin });
      live.schedule();
      return pin;
    },
    async 'memory.unpin'({ pinId }) {
      watcher.unpin(pinId);
      live.broadcast({ kind: 'unpinned', pinId });
      live.schedule();
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
      live.schedule();
      return () => {
        sinks.delete(sink);
        live.schedule();
      };
    },
    async 'memory.suspects'({ limit }) {
      const now = Date.now();
      live.wantSuspects(now);
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
