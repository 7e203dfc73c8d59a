import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { netfilesContract, ConnectionsResult, DeletedFilesResult, Filesystem, FilesystemsResult } from '../contract/netfiles.js';
import { idNames } from '../procfs/id-names.js';
import { countStates } from './connections.js';
import { createDescriptorCache, DEFAULT_REFRESH_MS } from './descriptor-cache.js';
import { deletedSummary } from './deleted-summary.js';
import { collectDeletedFiles, deletedFindings, DEFAULT_DISK_THRESHOLDS, type DiskThresholds } from './deleted-files.js';
import { readFilesystems, readMounts } from '../procfs/filesystems.js';
import type { Mount } from '../procfs/parse-mountinfo.js';
import { interfaceRates, sampleNet, type NetSample } from './interfaces.js';
import { ioRates, sampleIo, type IoSample } from './io-rates.js';
import { listeningPorts } from './listening.js';
import { createNetWatch, type NetWatchOptions } from './net-watch.js';
import { defaultSockDiagHelper } from './sock-diag.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import type { SocketReading } from '../shared/socket-reading.js';
import { listOpenFiles, requireProcess } from './open-files.js';
import { createFactsReader } from './process-facts.js';
import { readConnections } from './snapshot.js';
import { describeUnreadable } from './unreadable.js';

export interface NetFilesServiceOptions {
  procRoot?: string;
  passwdPath?: string;
  diskThresholds?: Partial<DiskThresholds>;
  /** Ticks of per-state counts kept for trends (default 300: five minutes at 1 Hz). */
  ringSize?: number;
  /** Paces net.watch (default a clock of its own at 1 s; the backend passes the one clock). */
  clock?: SamplingClock;
  /**
   * Staleness bound of the descriptor cache the views share (ms): a descriptor number reused for another file,
   * or a file deleted while open, shows within this long. The first sweep of a service reads every link.
   */
  refreshMs?: number;
  /**
   * The sock_diag helper the live connections view reads TCP sockets through (default: the one `npm run build`
   * made, for the real /proc only); null reads /proc/net/tcp* instead.
   */
  sockDiagHelper?: string | null;
  /** Replaces the live view's socket reader (the bench measures the old whole-table reader through it). */
  watchSockets?: NetWatchOptions['sockets'];
  /** A previous I/O or interface sample younger than this is used for rates instead of waiting (ms). */
  reuseSampleMs?: number;
  onError?: (error: unknown) => void;
}

export type NetFilesService = Implementation<typeof netfilesContract> & {
  /**
   * Outside the contract: the counts the findings engine judges, one reading per tick of the live view (which
   * this keeps running); the server hands them to the findings service.
   */
  watchSockets(next: (reading: SocketReading) => void, fail: (error: unknown) => void): () => void;
  /**
   * Outside the contract: the filesystems for the findings engine, twice a minute. The space deleted open
   * files hold is counted only when `holdersOn` picks a filesystem (one nearly full): counting reads every
   * process's descriptors, the rest is one statfs per mount. Elsewhere `deletedOpenBytes` is 0, not counted.
   */
  filesystemsFor(holdersOn: (fs: Filesystem) => boolean): Filesystem[];
  /** Outside the contract: descriptor sweeps the live view has made (the bench and tests read it). */
  watchSweeps(): number;
  /** Outside the contract: the live view's sock_diag helper pid while it runs (the bench adds its CPU). */
  watchHelperPid(): number | undefined;
  close(): void;
};

const noFilesystems = () => new TriageError('UNSUPPORTED', 'Triage found no mounted filesystems to measure (no /proc/self/mountinfo).');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line max-lines-per-function -- the contract methods, one short entry each, over one shared cache
export function createNetFilesService(options: NetFilesServiceOptions = {}): NetFilesService {
  const procRoot = options.procRoot ?? '/proc';
  const users = idNames(options.passwdPath);
  const diskThresholds = { ...DEFAULT_DISK_THRESHOLDS, ...options.diskThresholds };
  const reuseMs = options.reuseSampleMs ?? 30_000;
  const facts = () => createFactsReader(procRoot, users);
  const descriptors = createDescriptorCache(procRoot, { refreshMs: options.refreshMs ?? DEFAULT_REFRESH_MS });
  const watch = createNetWatch({
    procRoot,
    users,
    descriptors,
    ringSize: options.ringSize ?? 300,
    clock: options.clock ?? new SamplingClock({ intervalMs: 1000, onError: options.onError }),
    sockets: options.watchSockets,
    sockDiagHelper: options.sockDiagHelper !== undefined ? options.sockDiagHelper : procRoot === '/proc' ? defaultSockDiagHelper() : null,
    onError: options.onError ?? (() => undefined),
  });
  let lastIo: IoSample | null = null;
  let lastNetDev: NetSample | null = null;

  function connections(input: { pid?: number; state?: string; includeUnix?: boolean }): ConnectionsResult {
    const f = facts();
    if (input.pid !== undefined) requireProcess(input.pid, undefined, f);
    const snap = readConnections(procRoot, f, {
      includeUnix: input.includeUnix,
      pids: input.pid === undefined ? undefined : [input.pid],
      cache: descriptors,
      now: performance.now(),
    });
    const totals = countStates(snap.connections);
    const unreadableCount = snap.connections.filter((c) => c.ownerStatus === 'unreadable').length;
    const shown = snap.connections.filter(
      (c) => (input.pid === undefined || c.owners.some((o) => o.pid === input.pid)) && (input.state === undefined || c.state === input.state),
    );
    return { time: Date.now(), connections: shown, totals, unreadable: describeUnreadable(snap.deniedProcesses, unreadableCount, 'sockets') };
  }

  /** Every deleted file still open, with the filesystems each is on and the space it holds there. */
  function holders(mounts: Mount[], filesystems: Filesystem[]) {
    const sweep = descriptors.sweep(performance.now(), undefined, { purpose: 'files' });
    const collected = collectDeletedFiles(procRoot, sweep.deleted(), facts(), mounts);
    for (const fs of filesystems) {
      fs.deletedOpenBytes = collected.files.filter((d) => d.filesystem?.mountPoint === fs.mountPoint).reduce((sum, d) => sum + d.allocatedBytes, 0);
    }
    return { sweep, collected };
  }

  function deleted(): DeletedFilesResult & { filesystems: FilesystemsResult['filesystems'] } {
    const mounts = readMounts(procRoot);
    const filesystems = readFilesystems(mounts);
    const { sweep, collected } = holders(mounts, filesystems);
    return {
      time: Date.now(),
      ...collected,
      summary: deletedSummary(collected.files, sweep.denied),
      findings: deletedFindings(filesystems, collected.files, diskThresholds),
      unreadable: describeUnreadable(sweep.denied, 0, 'files'),
      filesystems,
    };
  }

  async function freshPair<T extends { at: number }>(last: T | null, take: () => T, windowMs: number): Promise<[T, T]> {
    const now = performance.now();
    if (last && now - last.at >= 100 && now - last.at <= reuseMs) return [last, take()];
    const first = take();
    await sleep(windowMs);
    return [first, take()];
  }

  return {
    async 'net.connections'(input) {
      return connections(input);
    },
    async 'net.listening'(input) {
      const result = connections({});
      const ports = listeningPorts(result.connections).filter((p) => input.port === undefined || p.port === input.port);
      const unreadable = ports.filter((p) => p.ownerStatus === 'unreadable').length;
      return { time: result.time, ports, unreadable: describeUnreadable(result.unreadable.processes, unreadable, 'sockets') };
    },
    async 'net.interfaces'() {
      const [before, after] = await freshPair(lastNetDev, () => sampleNet(procRoot, performance.now(), Date.now()), 500);
      lastNetDev = after;
      return interfaceRates(before, after);
    },
    'net.watch'(_input, sink) {
      return watch.subscribe(sink);
    },
    async 'files.open'(input) {
      return listOpenFiles(procRoot, input.pid, input.startTime, facts());
    },
    async 'files.deleted'() {
      const { filesystems: _filesystems, ...result } = deleted();
      return result;
    },
    async 'disk.filesystems'() {
      const result = deleted();
      if (result.filesystems.length === 0) throw noFilesystems();
      return { time: result.time, filesystems: result.filesystems, findings: result.findings };
    },
    async 'disk.io'(input) {
      const [before, after] = await freshPair(lastIo, () => sampleIo(procRoot, users, performance.now(), Date.now()), input.windowMs ?? 1000);
      lastIo = after;
      return ioRates(before, after, input.limit);
    },
    watchSockets: (next, fail) => watch.readings({ next, fail }),
    filesystemsFor(holdersOn) {
      const mounts = readMounts(procRoot);
      const filesystems = readFilesystems(mounts);
      if (filesystems.length === 0) throw noFilesystems();
      if (filesystems.some(holdersOn)) holders(mounts, filesystems);
      return filesystems;
    },
    watchSweeps: () => watch.sweeps(),
    watchHelperPid: () => watch.helperPid(),
    close: () => {
      watch.close();
      descriptors.clear();
    },
  };
}
