import type { Contract, Implementation } from '../contract/index.js';
import type { AppInfo } from '../contract/app.js';
import type { SnapshotContract } from '../contract/snapshot.js';
import type { FindingsContract } from '../contract/findings.js';
import type { Inventory, SystemSample } from '../contract/system.js';
import { systemReadings } from './system-readings.js';
import { dataDirs } from '../shared/data-dirs.js';
import { loadSettings, saveSettings } from '../shared/settings.js';
import { PreferenceStore } from '../shared/preferences.js';
import { TriageError } from '../contract/errors.js';
import { TRIAGE_VERSION } from '../shared/version.js';
import { MetricsHub } from './metrics-hub.js';
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
import { createFindingsService, kmsgSource } from '../findings/service.js';
import { loadThresholds } from '../findings/overrides.js';

export interface SystemSource {
  sample(): Promise<SystemSample>;
  inventory(): Promise<Inventory>;
  close?(): void;
}

export interface BackendOptions {
  mode: AppInfo['mode'];
  system: SystemSource;
  configDir?: string;
  /** Snapshots and other state; defaults to $XDG_STATE_HOME/triage. */
  stateDir?: string;
  /** Where actions are audited; defaults to $XDG_STATE_HOME/triage/audit.jsonl. */
  auditPath?: string;
  onError?: (error: unknown) => void;
}

export interface Backend {
  implementation: Implementation<Contract>;
  metrics: MetricsHub;
  close(): void;
}

/** The one object that implements the contract; every transport serves this same object. */
export function createBackend(options: BackendOptions): Backend {
  const configDir = options.configDir ?? dataDirs().config;
  const settings = loadSettings(configDir);
  const metrics = new MetricsHub({ sample: () => options.system.sample(), intervalMs: settings.intervalMs, onError: options.onError });
  // Services behind pages the dashboard does not need load their code on first use (lazy-service.ts).
  const trace = lazyService(traceContract, () => import('../trace/service.js').then((m) => m.createTraceService({ stateDir: options.stateDir })));
  // Core analyses opened while the app runs are kept, so a snapshot can carry them.
  const coreLog = new CoreAnalysisLog();
  const core = lazyService(coreContract, () => import('../core/service.js').then((m) => recordCoreOpens(m.createCoreService(), coreLog)));
  const terminal = lazyService(terminalContract, () => import('../terminal/service.js').then((m) => m.createTerminalService()));
  let memoryIntervalMs = settings.intervalMs;
  const memory = lazyService(memoryContract, () =>
    import('../memory/service.js').then((m) => {
      const service = m.createMemoryService({ selfPid: process.pid });
      service.control.setIntervalMs(memoryIntervalMs);
      return service;
    }),
  );
  const netfiles = createNetFilesService({ onError: options.onError });
  const processSeries = new ProcessSeriesRecorder();
  const processes = createProcessService({ intervalMs: settings.intervalMs, auditPath: options.auditPath });
  const preferences = new PreferenceStore(configDir);
  const auditLog = createAuditLog(options.auditPath);

  const base: Omit<Implementation<Contract>, keyof SnapshotContract | keyof FindingsContract> = {
    ...trace.implementation,
    ...core.implementation,
    ...terminal.implementation,
    ...processes,
    'processes.table': recordWhileWatched(processes['processes.table'], processSeries),
    ...memory.implementation,
    ...netfiles,
    ...lazyService(changesContract, () =>
      import('../changes/service.js').then((m) => m.createChangesService({ auditEntries: () => auditLog.readCounted(), auditPath: auditLog.path })),
    ).implementation,
    'app.info': async () => ({
      name: 'Triage',
      version: TRIAGE_VERSION,
      platform: process.platform,
      mode: options.mode,
      pid: process.pid,
      intervalMs: metrics.interval,
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
      metrics.setInterval(intervalMs);
      processes.setInterval(intervalMs);
      memoryIntervalMs = intervalMs;
      memory.ifLoaded()?.control.setIntervalMs(intervalMs);
      try {
        saveSettings(configDir, { ...settings, intervalMs });
      } catch (error) {
        options.onError?.(error);
      }
      return { intervalMs };
    },
  };
  // Findings watch the same feeds the UI subscribes to (one sampler each, however many consumers).
  const kernelLog = kmsgSource();
  const overrides = loadThresholds(configDir);
  for (const problem of overrides.problems) options.onError?.(new Error(problem));
  const findings = createFindingsService({
    thresholds: overrides.thresholds,
    sources: {
      systemMetrics: (listener) => metrics.subscribe(listener),
      processTable: (listener, fail) => processes['processes.table']({}, { next: listener, fail }),
      filesystems: async () => (await netfiles['disk.filesystems']({})).filesystems,
      kernelEvents: () => kernelLog.read(),
    },
  });
  // Snapshots read every other capability through the same implementation the transports serve.
  const served: Implementation<Contract> = {
    ...base,
    ...findings.implementation,
    ...lazyService(snapshotContract, () =>
      import('../snapshot/service.js').then((m) =>
        m.createSnapshotService(base, { stateDir: options.stateDir, metricsHistory: () => metrics.history(), cores: coreLog, processSeries }),
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
    close: () => {
      findings.close();
      kernelLog.close();
      metrics.stop();
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
