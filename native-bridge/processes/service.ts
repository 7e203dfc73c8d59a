import { TriageError } from '../contract/errors.js';
import { ProcessListInput, type ProcessTableMessage, type processesContract } from '../contract/processes.js';
import type { Implementation, StreamSink, Unsubscribe } from '../contract/define.js';
import { idNames } from '../procfs/id-names.js';
import { createProcessControl } from './control.js';
import { describePid } from './read-target.js';
import { createPrivilegedRetry } from './privileged.js';
import { readProcessDetail } from './detail.js';
import { queryRows } from './query.js';
import type { ProcessSampler, ProcessTable } from './sampler.js';
import { createTableFeed, type TableSubscription } from './table-feed.js';
import { SamplingClock } from '../shared/sampling-clock.js';

export interface ProcessServiceOptions {
  /** Default <state dir>/audit.jsonl. */
  auditPath?: string;
  procRoot?: string;
  passwdPath?: string;
  groupPath?: string;
  /** Whose family the guards protect (default this process). */
  selfPid?: number;
  /** Paces the table stream (default a clock of its own at 1 s; the backend passes the one clock). */
  clock?: SamplingClock;
  /** Gap between the two samples of a one-shot list when no stream runs (CPU % needs two), ms. */
  listWindowMs?: number;
  /** The sampler the platform chose (platform/process-sampler.ts: /proc on Linux, systeminformation elsewhere). */
  makeSampler: () => ProcessSampler;
  /** Absolute pkexec for processes.retryPrivileged; null = treat as not installed. Default: looked up once. */
  pkexecPath?: string | null;
  /** Where the root helper must be (default /usr/lib/triage/triage-act); run only if root-owned all the way up. */
  helperPath?: string;
}

export type ProcessService = Implementation<typeof processesContract> & {
  /** The table stream for consumers inside the backend, each at the pace it needs (table-feed.ts). */
  watchTable(sink: StreamSink<ProcessTableMessage>, options: TableSubscription): Unsubscribe;
  close(): void;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function createProcessService(options: ProcessServiceOptions): ProcessService {
  const procRoot = options.procRoot ?? '/proc';
  const makeSampler = options.makeSampler;
  const feed = createTableFeed(makeSampler, options.clock ?? new SamplingClock({ intervalMs: 1000 }));
  const control = createProcessControl({
    procRoot,
    auditPath: options.auditPath,
    selfPid: options.selfPid,
    passwdPath: options.passwdPath,
  });
  const retryPrivileged = createPrivilegedRetry({
    auditLog: control.audit,
    procRoot,
    selfPid: options.selfPid,
    passwdPath: options.passwdPath,
    pkexecPath: options.pkexecPath,
    helperPath: options.helperPath,
  });
  const users = idNames(options.passwdPath);
  const groups = idNames(options.groupPath ?? '/etc/group');

  /**
   * The running feed's table when fresh, else two samples of a private sampler windowMs apart. The window
   * is counted from the first sample's time, so a sampler that already holds its baseline (see
   * primed-sampler.ts) waits only for what remains of it.
   */
  async function currentTable(windowMs: number): Promise<ProcessTable> {
    const latest = feed.latest();
    if (latest && Date.now() - latest.time < feed.intervalMs() * 3) return latest;
    const sampler = makeSampler();
    try {
      const first = await sampler.sample();
      await sleep(first.time + windowMs - Date.now());
      return await sampler.sample();
    } finally {
      sampler.close();
    }
  }

  /** A renice does not make the target run, so tell the sampler to look at it again. */
  async function afterAction<T>(pid: number, action: Promise<T>): Promise<T> {
    const result = await action;
    feed.invalidate(pid);
    return result;
  }

  return {
    async 'processes.list'(input) {
      const query = ProcessListInput.parse(input);
      const table = await currentTable(query.windowMs ?? options.listWindowMs ?? 500);
      return {
        time: table.time,
        ncpu: table.ncpu,
        totalMemoryBytes: table.totalMemoryBytes,
        source: table.source,
        rows: queryRows(table.rows, query),
      };
    },
    'processes.table'(_input, sink) {
      return feed.subscribe(sink);
    },
    watchTable: (sink, subscription) => feed.subscribe(sink, subscription),
    async 'processes.identify'({ pid }) {
      const target = describePid(pid, (uid) => users.name(uid), procRoot);
      if (!target) throw new TriageError('ESRCH', `There is no process ${pid} (it may have exited already); nothing was done.`);
      return target;
    },
    async 'processes.detail'(input) {
      if (process.platform !== 'linux' && procRoot === '/proc') {
        throw new TriageError('UNSUPPORTED', 'Process details are only available on Linux for now.');
      }
      return readProcessDetail(input, { procRoot, users, groups });
    },
    'processes.act': (input) => afterAction(input.pid, control.act(input)),
    'processes.retryPrivileged': (input) => afterAction(input.pid, retryPrivileged(input)),
    async 'processes.audit'(input) {
      try {
        const { entries, damaged } = control.audit.readCounted(input.limit ?? 200);
        return damaged > 0 ? { entries, damaged } : { entries };
      } catch (error) {
        throw new TriageError('IO_ERROR', `The audit log at ${control.audit.path} could not be read.`, (error as Error).message);
      }
    },
    close() {
      feed.close();
    },
  };
}
