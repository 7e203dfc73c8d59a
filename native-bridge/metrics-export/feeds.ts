import type { ContractClient, Implementation, Unsubscribe } from '../contract/define.js';
import { fromErrorShape } from '../contract/errors.js';
import type { Contract } from '../contract/index.js';
import { applyTableMessage } from '../common/processes-delta.js';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import type { MetricsMessage, SystemSample } from '../contract/system.js';

/** What the exporter watches: the backend's shared feeds (one sampler each), never a sampler of its own. */
export interface MetricsExportSources {
  systemMetrics(listener: (message: MetricsMessage) => void): Unsubscribe;
  processTable(listener: (message: ProcessTableMessage) => void, fail: (error: unknown) => void): Unsubscribe;
}

/** The feeds through a contract client (the CLI's in-process client, or any transport's). */
export function sourcesFromClient(client: ContractClient<Contract>): MetricsExportSources {
  return {
    systemMetrics: (listener) => client.subscribe('system.metrics', {}, { next: listener }),
    processTable: (listener, fail) => client.subscribe('processes.table', {}, { next: listener, error: (shape) => fail(fromErrorShape(shape)) }),
  };
}

/** The feeds straight from the backend's implementation, as the findings engine takes them (no copy, no validation). */
export function sourcesFromImplementation(implementation: Pick<Implementation<Contract>, 'system.metrics' | 'processes.table'>): MetricsExportSources {
  return {
    systemMetrics: (listener) => implementation['system.metrics']({}, { next: listener, fail: () => undefined }),
    processTable: (listener, fail) => implementation['processes.table']({}, { next: listener, fail }),
  };
}

/** The latest of each feed; `version` changes whenever either does, so a scrape can reuse an unchanged answer. */
export class FeedState {
  sample: SystemSample | null = null;
  rows: ProcessRow[] | null = null;
  version = 0;
  private readonly stops: Unsubscribe[];

  constructor(sources: MetricsExportSources, onError: (error: unknown) => void) {
    this.stops = [
      sources.systemMetrics((message) => {
        const latest = message.kind === 'sample' ? message.sample : message.samples.at(-1);
        if (latest) {
          this.sample = latest;
          this.version++;
        }
      }),
      sources.processTable(
        (message) => {
          this.rows = applyTableMessage(this.rows ?? [], message);
          this.version++;
        },
        (error) => {
          // Say it, and export no process series rather than a frozen table.
          this.rows = null;
          this.version++;
          onError(error);
        },
      ),
    ];
  }

  close(): void {
    for (const stop of this.stops) stop();
  }
}
