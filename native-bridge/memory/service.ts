import type { Implementation, StreamSink } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { MemoryContract, MemoryStreamMessage } from '../contract/memory.js';
import { createSlowTickGuard } from '../shared/slow-tick.js';
import { MemoryWatcher, type WatcherOptions } from './watcher.js';

export interface MemoryServiceOptions extends WatcherOptions {
  /** Default 1000 ms. */
  intervalMs?: number;
  /** The all-process sampler behind `memory.suspects` stops this long after the last call. */
  suspectsIdleMs?: number;
  onError?: (error: unknown) => void;
}

/** Controls that are not part of the API (interval, shutdown), for the backend and the CLI. */
export interface MemoryServiceControl {
  readonly watcher: MemoryWatcher;
  intervalMs(): number;
  setIntervalMs(ms: number): void;
  /** True while the shared tick loop is scheduled. */
  running(): boolean;
  dispose(): void;
}

export type MemoryService = Implementation<MemoryContract> & { control: MemoryServiceControl };

/**
 * The memory domain behind the contract. One tick loop serves every pin, subscriber and the suspect
 * sampler, and runs only while one of them needs it.
 */
export function createMemoryService(options: MemoryServiceOptions = {}): MemoryService {
  let intervalMs = options.intervalMs ?? 1000;
  const suspectsIdleMs = options.suspectsIdleMs ?? 10 * 60_000;
  const watcher = new MemoryWatcher({ ...options, intervalMs });
  const sinks = new Set<StreamSink<MemoryStreamMessage>>();
  let timer: NodeJS.Timeout | null = null;
  let suspectsUntil = 0;
  let disposed = false;
  const slow = createSlowTickGuard('memory watch');

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

  const schedule = (delay = intervalMs): void => {
    if (timer || disposed) return;
    if (!needed()) {
      if (watcher.suspectsEnabled) watcher.enableSuspects(false);
      return;
    }
    timer = setTimeout(run, Math.max(0, delay));
    // Never keep a CLI run or a test alive just for sampling.
    timer.unref();
  };

  function run(): void {
    timer = null;
    if (!needed()) {
      schedule();
      return;
    }
    const started = Date.now();
    try {
      const result = slow.time(() => watcher.tick(started));
      if (sinks.size > 0) {
        broadcast({ kind: 'tick', time: result.time, memAvailableBytes: result.memAvailableBytes, pins: result.pins, alerts: result.alerts });
      }
    } catch (error) {
      options.onError?.(error);
    }
    // Keep the cadence: a slow tick shortens the wait rather than drifting.
    schedule(intervalMs - (Date.now() - started));
  }

  const control: MemoryServiceControl = {
    watcher,
    intervalMs: () => intervalMs,
    setIntervalMs(ms: number) {
      if (!Number.isInteger(ms) || ms < 100 || ms > 60_000) {
        throw new TriageError('INVALID_INPUT', 'The memory sampling interval must be between 100 ms and 60 s.');
      }
      intervalMs = ms;
      watcher.setIntervalMs(ms);
      if (timer) {
        clearTimeout(timer);
        timer = null;
        schedule();
      }
    },
    running: () => timer !== null,
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
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
      return { pinId };
    },
    async 'memory.setLimit'({ pinId, sizeBytes, rateMiBPerMin }) {
      return watcher.setLimit(pinId, { sizeBytes, rateMiBPerMin });
    },
    async 'memory.pins'({ maxPoints }) {
      return { intervalMs, pins: watcher.views(maxPoints) };
    },
    'memory.stream'(_input, sink) {
      sink.next({ kind: 'history', intervalMs, pins: watcher.views() });
      sinks.add(sink);
      schedule();
      return () => {
        sinks.delete(sink);
      };
    },
    async 'memory.suspects'({ limit }) {
      const now = Date.now();
      if (!watcher.suspectsEnabled) {
        watcher.enableSuspects(true);
        watcher.sampleSuspects(now);
      }
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
