import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { HistoryStatus } from '../contract/history.js';
import type { ExporterState, RecordingContract, RecordingStatus } from '../contract/recording.js';
import { checkSafeToRunAs, installAutostart, installedAutostart, planAutostart, uninstallAutostart, type AutostartEnv } from '../history/autostart.js';
import type { MetricsExportControl } from './metrics-export-control.js';

export interface RecordingDeps {
  historyStatus: () => Promise<HistoryStatus>;
  autostart: AutostartEnv;
  /** null in a one-shot CLI backend: it ends before anyone could scrape it. */
  exporter: MetricsExportControl | null;
}

const NO_EXPORTER: ExporterState = { on: false, address: null, url: null, tokenFile: null, problem: null, available: false };

/** Recording as one status (the history's, the autostart entry's, the exporter's) and the three changes to it. */
export function recordingMethods(deps: RecordingDeps): Implementation<RecordingContract> {
  const autostart = (): RecordingStatus['autostart'] => {
    const installed = installedAutostart(deps.autostart.configHome);
    try {
      const plan = planAutostart(deps.autostart);
      return { installed, plan, refused: checkSafeToRunAs(plan) };
    } catch (error) {
      return { installed, plan: null, refused: (error as Error).message };
    }
  };
  const status = async (): Promise<RecordingStatus> => ({
    history: await deps.historyStatus(),
    autostart: autostart(),
    exporter: deps.exporter?.state() ?? NO_EXPORTER,
  });
  return {
    'recording.status': status,
    'recording.installAutostart': async () => {
      const lines = installAutostart(deps.autostart);
      return { lines, status: await status() };
    },
    'recording.uninstallAutostart': async () => {
      const lines = uninstallAutostart(deps.autostart);
      return { lines, status: await status() };
    },
    'recording.setExporter': async (choice) => {
      if (!deps.exporter) {
        throw new TriageError('UNSUPPORTED', 'A one-shot command cannot serve metrics: run `triage record --metrics HOST:PORT` (or `triage metrics`) to serve them while it runs.');
      }
      return deps.exporter.set(choice);
    },
  };
}
