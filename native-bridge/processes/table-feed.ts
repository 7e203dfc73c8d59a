import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import { diffTables } from '../contract/processes-delta.js';
import { createSlowTickGuard } from '../shared/slow-tick.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';

export interface TableFeed {
  subscribe(sink: StreamSink<ProcessTableMessage>): Unsubscribe;
  setIntervalMs(ms: number): void;
  intervalMs(): number;
  /** The newest table while the feed runs, else null. */
  latest(): ProcessTable | null;
  subscribers(): number;
  /** The next refresh re-reads this process whatever its schedstat says. */
  invalidate(pid: number): void;
  close(): void;
}

const meta = (t: ProcessTable) => ({
  time: t.time,
  intervalMs: t.intervalMs,
  ncpu: t.ncpu,
  totalMemoryBytes: t.totalMemoryBytes,
  source: t.source,
});

/** Time between the baseline sample and the first one sent, so the first CPU % column is not all zeros. */
const PRIME_MS = 250;

/**
 * One sampler shared by every subscriber, running only while someone listens. Each new subscriber gets
 * the whole table once, then everyone gets the same delta per refresh (encoded once, not per subscriber).
 */
export function createTableFeed(makeSampler: () => ProcessSampler, initialIntervalMs = 1000): TableFeed {
  const sinks = new Set<StreamSink<ProcessTableMessage>>();
  let interval = initialIntervalMs;
  let sampler: ProcessSampler | null = null;
  let timer: NodeJS.Timeout | null = null;
  let latest: ProcessTable | null = null;
  let generation = 0;
  const slow = createSlowTickGuard('process table');

  function stop(): void {
    generation++;
    if (timer) clearTimeout(timer);
    timer = null;
    sampler?.close();
    sampler = null;
    latest = null;
  }

  function failAll(error: unknown): void {
    const all = [...sinks];
    sinks.clear();
    stop();
    for (const sink of all) sink.fail(error);
  }

  async function tick(gen: number, baseline: boolean): Promise<void> {
    const current = sampler;
    if (gen !== generation || !current) return;
    let table: ProcessTable;
    try {
      table = await slow.timeAsync(() => current.sample());
    } catch (error) {
      if (gen === generation) failAll(error);
      return;
    }
    if (gen !== generation) return;
    if (baseline) {
      timer = setTimeout(() => void tick(gen, false), Math.min(PRIME_MS, interval));
      return;
    }
    const previous = latest;
    latest = table;
    if (previous === null) {
      const snapshot: ProcessTableMessage = { kind: 'snapshot', ...meta(table), rows: table.rows };
      for (const sink of sinks) sink.next(snapshot);
    } else {
      const delta: ProcessTableMessage = { kind: 'delta', ...meta(table), ...diffTables(previous.rows, table.rows) };
      for (const sink of sinks) sink.next(delta);
    }
    timer = setTimeout(() => void tick(gen, false), interval);
  }

  function start(): void {
    const made = makeSampler();
    sampler = made;
    void tick(generation, true);
  }

  return {
    subscribe(sink) {
      sinks.add(sink);
      if (!sampler) {
        try {
          start();
        } catch (error) {
          // No /proc, no systeminformation: this subscriber gets the error, the next one tries again.
          sinks.delete(sink);
          stop();
          throw error;
        }
      }
      else if (latest) sink.next({ kind: 'snapshot', ...meta(latest), rows: latest.rows });
      return () => {
        if (sinks.delete(sink) && sinks.size === 0) stop();
      };
    },
    setIntervalMs(ms) {
      if (!Number.isInteger(ms) || ms < 250 || ms > 60_000) throw new RangeError('The refresh interval must be 250..60000 ms.');
      interval = ms;
    },
    intervalMs: () => interval,
    latest: () => latest,
    subscribers: () => sinks.size,
    invalidate(pid) {
      sampler?.invalidate?.(pid);
    },
    close() {
      sinks.clear();
      stop();
    },
  };
}
