import type { Contract, Implementation } from '../contract/index.js';
import type { AppInfo } from '../contract/app.js';
import type { StreamSink } from '../contract/define.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import type { SnapshotContract } from '../contract/snapshot.js';
import type { FindingsContract } from '../contract/findings.js';
import type { FindingsThresholdsContract } from '../contract/findings-thresholds.js';
import type { HistoryContract } from '../contract/history.js';
import type { Inventory, SystemSample } from '../contract/system.js';
import { systemReadings } from './system-readings.js';
import { dataDirs } from '../shared/data-dirs.js';
import { loadSettings, updateSettings } from '../shared/settings.js';
import { PreferenceStore } from '../shared/preferences.js';
import { TriageError } from '../contract/errors.js';
import { TRIAGE_VERSION } from '../shared/version.js';
import { MetricsHub } from './metrics-hub.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import { createProcessSampler } from '../platform/process-sampler.js';
import { traceContract } from '../contract/trace.js';
import { coreContract } from '../contract/core.js';
import { terminalContract } from '../contract/terminal.js';
import { memoryContract } from '../contract/memory.js';
import { changesContract } from '../contract/changes.js';
import { snapshotContract } from '../contract/snapshot.js';
import { createProcessService } from '../processes/service.js';
import { createNetFilesService } from '../netfiles/service.js';
import { CoreAnalysisLog, recordCoreOpens } from '../snapshot/core-log.js';
import { lazyService } from './lazy-service.js';
import { auditPowerfulActions } from './audit-actions.js';
import { createAuditLog } from '../processes/audit-log.js';
import { ProcessSeriesRecorder } from '../snapshot/process-series.js';
import { recordWhileWatched } from './record-process-series.js';
import { tableRows } from './table-rows.js';
import { BACKGROUND_EVERY_MS } from '../processes/table-feed.js';
import { createFindingsService, kmsgSource } from '../findings/service.js';
import { crashSource } from './crash-source.js';
import { ThresholdStore } from '../findings/threshold-store.js';
import { readHardware } from '../findings/hardware/read-hardware.js';
import { readClockStatus } from '../findings/system-state/clock.js';
import { readUnits } from '../findings/system-state/systemd.js';
import { DEFAULT_LOG_WATCH, defaultLogRoots, LogWatch } from '../findings/log-growth/log-watch.js';
import { createHistoryService, type HistoryService, type HistoryServiceOptions } from '../history/service.js';
import { realAutostartEnv, type AutostartEnv } from '../history/autostart.js';
import type { RecordingContract } from '../contract/recording.js';
import { sourcesFromImplementation } from '../metrics-export/feeds.js';
import { MetricsExportControl } from './metrics-export-control.js';
import { recordingMethods } from './recording-methods.js';
import type { TopConsumerOptions } from '../changes/top-consumers.js';
import { watchChanges } from './change-watch.js';

export interface SystemSource {
  sample(): Promise<SystemSample>;
  inventory(): Promise<Inventory>;
  close?(): void;
}

export interface BackendOptions extends RecorderOptions {
  mode: AppInfo['mode'];
  system: SystemSource;
  configDir?: string;
  /** Snapshots and other state; defaults to $XDG_STATE_HOME/triage. */
  stateDir?: string;
  /** Where actions are audited; defaults to $XDG_STATE_HOME/triage/audit.jsonl. */
  auditPath?: string;
  onError?: (error: unknown) => void;
  /** Where the findings read thermal zones, CPU speed and batteries; `/sys` unless a test points it at a recorded tree. */
  sysRoot?: string;
  /** The directories whose files the log-growth rule watches; /var/log (and the volatile journal) unless a test points it elsewhere. */
  logRoots?: string[];
  /** For this run only, never saved: a CLI command that samples at its own pace and judges its own span. */
  tuning?: BackendTuning;
  /** Where "Record always…" writes; the user's $XDG_CONFIG_HOME and systemd unless a test points it elsewhere. */
  autostart?: AutostartEnv;
}

export interface BackendTuning {
  intervalMs?: number;
  /** How far back memory series and verdicts reach. */
  memoryWindowMs?: number;
  /** The memory verdict's shortest span (10 s by default). */
  verdictMinSpanMs?: number;
  /** What counts as a top consumer starting or ending (tests shorten the sustain time). */
  topConsumers?: Partial<TopConsumerOptions>;
}

export interface RecorderOptions {
  /**
   * Record the history (history.db in the state dir). Default: yes for the app and web mode, no for other
   * CLI commands (they only read it); TRIAGE_HISTORY=off or the setting history.enabled=false turn it off.
   */
  record?: boolean;
  /** Tests shorten the recorder's batching. */
  historyTuning?: HistoryServiceOptions['tuning'];
  /** Recorder messages (paused, resumed, a damaged file moved aside); default: onError. */
  onNotice?: (sentence: string) => void;
}

export interface Backend {
  implementation: Implementation<Contract>;
  metrics: MetricsHub;
  history: HistoryService;
  close(): void;
}

/** Whether this backend records, and if not, the sentence that says why. */
function recordingChoice(options: BackendOptions, enabled: boolean): { on: true } | { on: false; why: string } {
  if (options.record === false) return { on: false, why: 'This command only reads the history; the app, `triage web` and `triage record` record it.' };
  if (options.record === true) return { on: true };
  if (process.env.TRIAGE_HISTORY === 'off') return { on: false, why: 'Recording is turned off for this process (TRIAGE_HISTORY=off).' };
  if (!enabled) return { on: false, why: 'Recording is turned off in the settings (history.enabled is false).' };
  if (options.mode === 'cli') return { on: false, why: 'This command only reads the history; the app, `triage web` and `triage record` record it.' };
  return { on: true };
}

/** The one object that implements the contract; every transport serves this same object. */
// eslint-disable-next-line max-lines-per-function -- the wiring of every service, in the order they start and stop: each step is one call
export function createBackend(options: BackendOptions): Backend {
  const configDir = options.configDir ?? dataDirs().config;
  const saved = loadSettings(configDir);
  const settings = { ...saved, intervalMs: options.tuning?.intervalMs ?? saved.intervalMs };
  // One clock paces every sampler: the charts, the process table, memory pins, the network watch.
  const clock = new SamplingClock({ intervalMs: settings.intervalMs, onError: options.onError });
  const metrics = new MetricsHub(clock, () => options.system.sample());
  // Services behind pages the dashboard does not need load their code on first use (lazy-service.ts).
  const trace = lazyService(traceContract, () => import('../trace/service.js').then((m) => m.createTraceService({ stateDir: options.stateDir })));
  // Core analyses opened while the app runs are kept, so a snapshot can carry them.
  const coreLog = new CoreAnalysisLog();
  const core = lazyService(coreContract, () => import('../core/service.js').then((m) => recordCoreOpens(m.createCoreService(), coreLog)));
  // The gdb terminal gets the core viewer's checks from here: capabilities do not import each other.
  const terminal = lazyService(terminalContract, async () => {
    const [{ createTerminalService }, { prepareGdbOnCore }] = await Promise.all([import('../terminal/service.js'), import('../core/gdb-on-core.js')]);
    return createTerminalService({ prepareGdbOnCore: (path, exe) => prepareGdbOnCore(path, exe) });
  });
  const memory = lazyService(memoryContract, () =>
    import('../memory/service.js').then((m) =>
      m.createMemoryService({
        clock,
        selfPid: process.pid,
        windowMs: options.tuning?.memoryWindowMs,
        verdict: options.tuning?.verdictMinSpanMs === undefined ? undefined : { minSpanMs: options.tuning.verdictMinSpanMs },
        // Leak suspects read every process's size from the process table's feed, never statm again.
        residentRows: (listener) => tableRows(watchTable, listener),
      }),
    ),
  );
  const netfiles = createNetFilesService({ clock, onError: options.onError });
  const processSeries = new ProcessSeriesRecorder();
  const processes = createProcessService({ clock, auditPath: options.auditPath, makeSampler: () => createProcessSampler() });
  // The consumers inside the backend judge over seconds and minutes: they let the table slow down while no
  // page shows it. A one-shot CLI command (doctor's 2 s) wants every tick of its short run.
  const backgroundMs = options.mode !== 'cli' || options.record === true ? BACKGROUND_EVERY_MS : undefined;
  const watchTable = (sink: StreamSink<ProcessTableMessage>, everyMs = backgroundMs) => processes.watchTable(sink, { everyMs });
  const tableListener = (listener: (message: ProcessTableMessage) => void, fail: (error: unknown) => void) => watchTable({ next: listener, fail });
  const preferences = new PreferenceStore(configDir);
  const auditLog = createAuditLog(options.auditPath);
  // Wake-ups and top consumers starting or ending are only known by watching, on the shared feeds (from the recorder's start or the first question).
  const changeWatch = watchChanges(
    {
      systemMetrics: (listener) => metrics.subscribe(listener),
      processTable: tableListener,
    },
    { topConsumers: options.tuning?.topConsumers },
  );

  const base: Omit<Implementation<Contract>, keyof SnapshotContract | keyof FindingsContract | keyof FindingsThresholdsContract | keyof HistoryContract | keyof RecordingContract> = {
    ...trace.implementation,
    ...core.implementation,
    ...terminal.implementation,
    ...processes,
    'processes.table': recordWhileWatched(processes['processes.table'], processSeries),
    ...memory.implementation,
    ...netfiles,
    ...lazyService(changesContract, () =>
      import('../changes/service.js').then((m) =>
        m.createChangesService({
          auditEntries: () => auditLog.readCounted(),
          auditPath: auditLog.path,
          live: changeWatch.live,
          recorded: {
            events: (from, to) => history.implementation['history.events']({ from, to, limit: 10_000 }),
            status: () => history.implementation['history.status']({}),
          },
        }),
      ),
    ).implementation,
    'app.info': async () => ({
      name: 'Triage',
      version: TRIAGE_VERSION,
      platform: process.platform,
      mode: options.mode,
      pid: process.pid,
      intervalMs: clock.interval,
    }),
    'preferences.get': async () => preferences.all(),
    'preferences.set': async ({ key, value }) => {
      try {
        return preferences.set(key, value);
      } catch (error) {
        throw new TriageError('IO_ERROR', `Triage could not save this choice in ${configDir}: ${(error as Error).message}. It applies until you close Triage.`);
      }
    },
    ...systemReadings(options.system),
    'system.metrics': (_input, sink) => metrics.subscribe((message) => sink.next(message)),
    'system.setInterval': async ({ intervalMs }) => {
      clock.setInterval(intervalMs);
      try {
        updateSettings(configDir, { intervalMs });
      } catch (error) {
        options.onError?.(error);
      }
      return { intervalMs };
    },
  };
  // Findings watch the same feeds the UI subscribes to (one sampler each, however many consumers).
  const kernelLog = kmsgSource();
  const thresholds = new ThresholdStore(configDir);
  for (const problem of thresholds.problems()) options.onError?.(new Error(problem));
  const logWatch = new LogWatch({ ...DEFAULT_LOG_WATCH, roots: options.logRoots ?? defaultLogRoots() });
  const findings = createFindingsService({
    thresholds: () => thresholds.thresholds(),
    sources: {
      systemMetrics: (listener) => metrics.subscribe(listener),
      processTable: tableListener,
      // What deleted open files hold is counted only on a filesystem the disk rule will name (it reads every descriptor).
      filesystems: async () => netfiles.filesystemsFor((fs) => Math.max(fs.usedPercent, fs.inodesPercent ?? 0) >= thresholds.thresholds()['disk-full'].warn),
      kernelEvents: () => kernelLog.read(),
      hardware: (now) => readHardware(options.sysRoot ?? '/sys', now),
      clock: () => readClockStatus(),
      units: (now) => readUnits(now),
      // The memory capability's own ranking and verdict: findings never judge growth a second way.
      leaks: () => memory.implementation['memory.suspects']({ limit: 20 }),
      // The network live view's own tick (the one socket sampler) counts what the socket rules judge.
      sockets: (listener, fail) => netfiles.watchSockets(listener, fail),
      logs: (now, writersAbove) => logWatch.read(now, writersAbove),
      // The Core view's own search (core_pattern's folder, /var/crash, coredumpctl): one way to find a crash.
      crashes: crashSource(),
    },
  });
  // The recorder rides on the same feeds (never a sampler of its own), plus findings and the audit log as events.
  const history = createHistoryService({
    stateDir: options.stateDir ?? dataDirs().state,
    settings: settings.history,
    record: recordingChoice(options, settings.history.enabled),
    intervalMs: () => metrics.interval,
    onNotice: options.onNotice ?? ((sentence) => options.onError?.(new Error(sentence))),
    tuning: options.historyTuning,
    sources: {
      systemMetrics: (listener) => metrics.subscribe(listener),
      // The recorder keeps a frame every frameMs: the table is read at least that often for it.
      processTable: (listener, fail) => watchTable({ next: listener, fail }, backgroundMs && Math.min(backgroundMs, options.historyTuning?.frameMs ?? backgroundMs)),
      findings: (listener) => findings.watchInBackground(listener),
      audit: { path: auditLog.path, read: () => auditLog.readCounted() },
      processChanges: (listener) => changeWatch.processChanges((changes) => listener(changes.map((c) => ({ time: c.event.time, pid: c.pid, title: c.event.title })))),
    },
  });
  // The app and `triage web` serve /metrics from the same feeds when the user turned it on; a one-shot CLI command does not.
  const exporter =
    options.mode === 'cli'
      ? null
      : new MetricsExportControl({
          sources: () => sourcesFromImplementation(base),
          save: (metricsExport) => updateSettings(configDir, { metricsExport }),
          onError: options.onError,
          onNotice: options.onNotice ?? ((sentence) => options.onError?.(new Error(sentence))),
        });
  exporter?.resume(saved.metricsExport);
  const recording = recordingMethods({
    historyStatus: () => history.implementation['history.status']({}),
    autostart: options.autostart ?? realAutostartEnv(),
    exporter,
  });
  // Snapshots read every other capability through the same implementation the transports serve.
  const served: Implementation<Contract> = {
    ...base,
    ...findings.implementation,
    'findings.thresholds': async () => thresholds.report(),
    'findings.setThresholds': async ({ changes }) => {
      const report = thresholds.apply(changes);
      findings.rejudge();
      return report;
    },
    ...history.implementation,
    ...recording,
    // Snapshots carry the findings too (the same watch the badge keeps running).
    ...lazyService(snapshotContract, () =>
      import('../snapshot/service.js').then((m) =>
        m.createSnapshotService({ ...base, ...findings.implementation, ...history.implementation }, { stateDir: options.stateDir, metricsHistory: () => metrics.history(), cores: coreLog, processSeries }),
      ),
    ).implementation,
  };
  // Running programs and writing files are audited like signals (same log, appends are O_APPEND lines).
  const implementation: Implementation<Contract> = {
    ...served,
    ...auditPowerfulActions(served, auditLog, { onError: options.onError }),
  };

  return {
    implementation,
    metrics,
    history,
    close: () => {
      // First, while the feeds still run: the recorder writes its last batch and closes its segment.
      history.close();
      void exporter?.close();
      changeWatch.close();
      findings.close();
      kernelLog.close();
      clock.close();
      options.system.close?.();
      core.ifLoaded()?.dispose();
      processes.close();
      memory.ifLoaded()?.control.dispose();
      netfiles.close();
      void trace.ifLoaded()?.disposeAll();
      void terminal.ifLoaded()?.disposeAll();
    },
  };
}
