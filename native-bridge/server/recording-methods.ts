import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { HistoryStatus } from '../contract/history.js';
import type { AutostartPlan, ExporterState, RecordingContract, RecordingStatus } from '../contract/recording.js';
import { checkSafeToRunAs, installAutostart, installedAutostart, planAutostart, uninstallAutostart, type AutostartEnv } from '../history/autostart.js';
import type { MetricsExportControl } from './metrics-export-control.js';

export interface RecordingDeps {
  historyStatus: () => Promise<HistoryStatus>;
  autostart: AutostartEnv;
  /** null in a one-shot CLI backend: it ends before anyone could scrape it. */
  exporter: MetricsExportControl | null;
  /** The check of what a root autostart would run; the real one unless a test counts its calls. */
  checkSafe?: (plan: AutostartPlan) => string | null;
  now?: () => number;
}

/**
 * How long a passed root-autostart check is shown without walking the files again. A dashboard's recording chip
 * reads the status every 30 s, and as root the check stats every file of the bundle (~560 here: 10-20 ms and
 * ~2.6 MB of garbage a time). A refusal is never kept (a fix shows at the next read), and installing checks
 * again whatever was shown, so a file made writable meanwhile is refused where it matters.
 */
const PASSED_CHECK_KEPT_MS = 5 * 60_000;

const NO_EXPORTER: ExporterState = { on: false, address: null, url: null, tokenFile: null, problem: null, available: false };

/** Recording as one status (the history's, the autostart entry's, the exporter's) and the three changes to it. */
export function recordingMethods(deps: RecordingDeps): Implementation<RecordingContract> {
  const checkSafe = deps.checkSafe ?? checkSafeToRunAs;
  const now = deps.now ?? Date.now;
  let passed: { plan: string; at: number } | null = null;
  const refusal = (plan: AutostartPlan): string | null => {
    const key = JSON.stringify([plan.runsAs.uid, plan.argv]);
    if (passed?.plan === key && now() - passed.at < PASSED_CHECK_KEPT_MS) return null;
    const refused = checkSafe(plan);
    passed = refused === null ? { plan: key, at: now() } : null;
    return refused;
  };
  const autostart = (): RecordingStatus['autostart'] => {
    const installed = installedAutostart(deps.autostart.configHome);
    try {
      const plan = planAutostart(deps.autostart);
      return { installed, plan, refused: refusal(plan) };
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
