import type { Unsubscribe } from '../contract/define.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import type { MetricsMessage } from '../contract/system.js';
import { TopConsumerTracker, type TopConsumerOptions, type TopConsumerChange } from '../changes/top-consumers.js';
import type { LiveWatch } from '../changes/triage-watch.js';
import { monoNow } from '../history/clock.js';
import { SleepWatch } from './sleep-watch.js';

export interface ChangeWatchFeeds {
  systemMetrics(listener: (message: MetricsMessage) => void): Unsubscribe;
  processTable(listener: (message: ProcessTableMessage) => void, fail: (error: unknown) => void): Unsubscribe;
}

export interface ChangeWatch {
  live: LiveWatch;
  /** Top consumers as they start or end, for the history recorder. */
  processChanges(listener: (changes: TopConsumerChange[]) => void): Unsubscribe;
  close(): void;
}

/**
 * What "what changed?" learns only by watching, on the backend's shared feeds (never a sampler of its own):
 * wake-ups from the system samples' clocks, and top consumers starting or ending from the process table.
 * Each source line says since when it watched, so what happened before reads as unknown, not as none.
 */
export function watchChanges(feeds: ChangeWatchFeeds, options: { topConsumers?: Partial<TopConsumerOptions>; mono?: () => number } = {}): ChangeWatch {
  const mono = options.mono ?? monoNow;
  const tracker = new TopConsumerTracker(options.topConsumers);
  const sleep = new SleepWatch();
  const stops: Unsubscribe[] = [];
  let tableProblem: string | null = null;
  let watching = false;
  let closed = false;
  // Begins with its first user (the recorder, or the first "what changed?" asked), so a CLI command that needs
  // neither starts no sampler for it; from then on it watches until the backend closes.
  const watch = (): void => {
    if (watching || closed) return;
    watching = true;
    stops.push(
      feeds.systemMetrics((message) => {
        // The ring's history was sampled before this watch: its samples have no monotonic time to compare.
        if (message.kind === 'sample') sleep.take({ wall: message.sample.time, mono: mono(), uptime: message.sample.uptimeSec * 1000 });
      }),
      feeds.processTable(
        (message) => tracker.apply(message),
        (error) => {
          tableProblem = `the process table could not be read (${(error as Error).message})`;
        },
      ),
    );
  };
  return {
    live: {
      processes: () => {
        watch();
        return { events: tracker.list(), since: tracker.since, problem: tableProblem };
      },
      resumes: () => {
        watch();
        return { events: sleep.list(), since: sleep.since, problem: null };
      },
    },
    processChanges: (listener) => {
      watch();
      return tracker.subscribe(listener);
    },
    close: () => {
      closed = true;
      for (const stop of stops) stop();
    },
  };
}
