import type { Contract } from '../contract/index.js';
import type { ContractClient, Implementation, OutputOf, ParsedInputOf } from '../contract/define.js';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { TriageError, fromErrorShape } from '../contract/errors.js';

/** The endpoints a snapshot reads; nothing else of the backend is touched. */
export type SourceMethod =
  | 'system.inventory'
  | 'processes.list'
  | 'processes.audit'
  | 'memory.pins'
  | 'memory.alerts'
  | 'memory.suspects'
  | 'trace.list'
  | 'trace.analysis'
  | 'findings.current'
  | 'changes.list'
  | HistoryMethod;

/** The recorded history, for snapshots of a past window; a backend without it says so when asked. */
export type HistoryMethod = 'history.status' | 'history.series' | 'history.processesAt' | 'history.top' | 'history.events';

export type SourceImplementation = Pick<Implementation<Contract>, Exclude<SourceMethod, HistoryMethod> | 'system.metrics'> &
  Partial<Pick<Implementation<Contract>, HistoryMethod>>;

/** One shape over a backend implementation or a client on any transport. */
export interface SnapshotSource {
  call<K extends SourceMethod>(name: K, input: ParsedInputOf<Contract, K>): Promise<OutputOf<Contract, K>>;
  /** What the metrics ring holds now. */
  metricsHistory(): Promise<SystemSample[]>;
}

export function isSnapshotSource(value: object): value is SnapshotSource {
  return 'metricsHistory' in value && 'call' in value;
}

export function isClient(value: object): value is ContractClient<Contract> {
  return 'call' in value && 'subscribe' in value && !('system.inventory' in value);
}

export function sourceFromImplementation(impl: SourceImplementation, history?: () => SystemSample[]): SnapshotSource {
  return {
    call(name, input) {
      // One generic dispatch over a Pick of the implementation: TypeScript cannot correlate K across the union.
      const fn = impl[name] as unknown as ((input: unknown) => Promise<never>) | undefined;
      if (!fn) return Promise.reject(new TriageError('UNSUPPORTED', 'This Triage backend has no recorded history to take a past window from.'));
      return fn(input);
    },
    metricsHistory: () =>
      history
        ? Promise.resolve(history())
        : firstHistory((onMessage, onError) => impl['system.metrics']({}, { next: onMessage, fail: onError })),
  };
}

export function sourceFromClient(client: ContractClient<Contract>): SnapshotSource {
  return {
    call(name, input) {
      // Parsed inputs (defaults filled in) are valid inputs too; the transport parses them again.
      return client.call(name, input as never) as never;
    },
    metricsHistory: () =>
      firstHistory((onMessage, onError) =>
        client.subscribe('system.metrics', {}, { next: onMessage, error: (shape) => onError(fromErrorShape(shape)) }),
      ),
  };
}

/** Subscribes, takes the history message every subscriber gets first, and leaves. */
function firstHistory(
  subscribe: (onMessage: (message: MetricsMessage) => void, onError: (error: unknown) => void) => () => void,
): Promise<SystemSample[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    let unsubscribe: (() => void) | null = null;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
      // The first message may arrive before subscribe() has returned its unsubscribe function.
      if (unsubscribe) unsubscribe();
      else queueMicrotask(() => unsubscribe?.());
    };
    const timer = setTimeout(
      () => finish(() => reject(new TriageError('TIMEOUT', 'The metrics history did not arrive within 10 seconds.'))),
      10_000,
    );
    unsubscribe = subscribe(
      (message) => {
        if (message.kind === 'history') finish(() => resolve(message.samples));
      },
      (error) => finish(() => reject(error)),
    );
    if (done) unsubscribe();
  });
}
