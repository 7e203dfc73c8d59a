import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import { diffTables } from '../common/processes-delta.js';
import type { SamplingClock } from '../shared/sampling-clock.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';

export interface TableSubscription {
  /**
   * How often this consumer needs a fresh table, ms (a consumer inside the backend that judges over seconds:
   * findings, the recorder, the leak ranking, top consumers). Absent: every tick (a page showing the table).
   * The table is read at the fastest pace any consumer wants.
   */
  everyMs?: number;
}

export interface TableFeed {
  subscribe(sink: StreamSink<ProcessTableMessage>, options?: TableSubscription): Unsubscribe;
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
 * The table's pace while nobody looks at it (the app is open on another page, or `triage record` runs):
 * reading every process is most of what the backend costs, and the rules that read the table last 10 s
 * and more, the recorder keeps a frame every 5 s and the leak ranking judges over minutes. CPU % is then
 * averaged over the 5 s, from each process's CPU time, so nothing that ran in between is lost.
 */
export const BACKGROUND_EVERY_MS = 5000;

/**
 * The process table's feed on the sampling clock: one sampler shared by every subscriber, running only
 * while someone listens. Each new subscriber gets the whole table once, then everyone gets the same delta
 * per tick (encoded once, not per subscriber). The first subscriber's sampler takes a baseline at once and
 * its first table PRIME_MS later, not a whole interval later.
 */
// eslint-disable-next-line max-lines-per-function -- one feed: subscribe, prime and pace share its state; split, they read worse
export function createTableFeed(makeSampler: () => ProcessSampler, clock: SamplingClock): TableFeed {
  const sinks = new Set<StreamSink<ProcessTableMessage>>();
  /** The pace each consumer asked for; 0 for every tick. */
  const paces = new Map<StreamSink<ProcessTableMessage>, number>();
  let sampledAt = 0;
  let sampler: ProcessSampler | null = null;
  let latest: ProcessTable | null = null;
  let baselineTaken = false;
  let primeTimer: NodeJS.Timeout | null = null;

  const feed = clock.feed<ProcessTable | null>({
    name: 'process table',
    start() {
      sampler = makeSampler();
      baselineTaken = false;
    },
    async tick() {
      const current = sampler;
      if (!current) return null;
      // Ticks come every interval, give or take the sampling time: half an interval early still counts.
      const now = performance.now();
      if (baselineTaken && latest && now - sampledAt < fastestPace() - clock.interval / 2) return null;
      sampledAt = now;
      const table = await current.sample();
      if (!baselineTaken) {
        baselineTaken = true;
        return null;
      }
      return table;
    },
    stop() {
      if (primeTimer) clearTimeout(primeTimer);
      primeTimer = null;
      sampler?.close();
      sampler = null;
      latest = null;
    },
    onFailure: 'stop',
  });

  function fastestPace(): number {
    let fastest = Number.POSITIVE_INFINITY;
    for (const pace of paces.values()) fastest = Math.min(fastest, pace);
    return fastest === Number.POSITIVE_INFINITY ? 0 : fastest;
  }

  function send(table: ProcessTable): void {
    const previous = latest;
    latest = table;
    const message: ProcessTableMessage =
      previous === null ? { kind: 'snapshot', ...meta(table), rows: table.rows } : { kind: 'delta', ...meta(table), ...diffTables(previous.rows, table.rows) };
    for (const sink of sinks) sink.next(message);
  }

  let unsubscribe: Unsubscribe | null = null;

  return {
    subscribe(sink, options = {}) {
      const first = sinks.size === 0;
      sinks.add(sink);
      paces.set(sink, options.everyMs ?? 0);
      if (first) {
        try {
          unsubscribe = feed.subscribe({
            next: (table) => {
              if (table) send(table);
            },
            fail: (error) => {
              unsubscribe = null;
              const all = [...sinks];
              sinks.clear();
              paces.clear();
              for (const s of all) s.fail(error);
            },
          });
        } catch (error) {
          // No /proc, no systeminformation: this subscriber gets the error, the next one tries again.
          sinks.delete(sink);
          throw error;
        }
        // Baseline now, then the first table soon after: the clock's ticks carry on from there.
        void feed.tickNow().then(() => {
          if (sinks.size === 0) return;
          primeTimer = setTimeout(() => void feed.tickNow(), Math.min(PRIME_MS, clock.interval));
          primeTimer.unref();
        });
      } else if (latest) {
        sink.next({ kind: 'snapshot', ...meta(latest), rows: latest.rows });
      }
      return () => {
        paces.delete(sink);
        if (sinks.delete(sink) && sinks.size === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
    intervalMs: () => clock.interval,
    latest: () => latest,
    subscribers: () => sinks.size,
    invalidate(pid) {
      sampler?.invalidate?.(pid);
    },
    close() {
      sinks.clear();
      paces.clear();
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
