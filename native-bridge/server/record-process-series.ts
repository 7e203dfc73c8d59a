import type { Implementation } from '../contract/define.js';
import type { processesContract } from '../contract/processes.js';
import type { ProcessSeriesRecorder } from '../snapshot/process-series.js';

type TableStream = Implementation<typeof processesContract>['processes.table'];

/**
 * While anyone watches the process table, one extra subscription feeds the recorder, so a snapshot
 * exported from the app carries the top consumers' series for that time. It rides on the sampler that
 * is running anyway: when nobody watches, nothing is sampled and nothing is recorded.
 */
export function recordWhileWatched(table: TableStream, recorder: ProcessSeriesRecorder): TableStream {
  let watchers = 0;
  let stopRecording: (() => void) | null = null;
  return (input, sink) => {
    if (watchers++ === 0) {
      stopRecording = table({}, { next: (message) => recorder.handle(message), fail: () => undefined });
    }
    const stop = table(input, sink);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      stop();
      if (--watchers === 0) {
        stopRecording?.();
        stopRecording = null;
      }
    };
  };
}
