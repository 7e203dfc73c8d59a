import type { Contract, ContractClient } from '../contract/index.js';
import type { FindingsReport } from '../contract/findings.js';
import { RedactOptions, type RedactOptionsInput, type SnapshotNotes, type SnapshotParts } from '../contract/snapshot.js';
import { TriageError } from '../contract/errors.js';
import type { CoreAnalysisLog } from './core-log.js';
import type { ProcessSeriesRecorder } from './process-series.js';
import { finishSnapshot, type Captured } from './seal.js';

export { identityOf, type Captured } from './seal.js';
import {
  isClient,
  isSnapshotSource,
  sourceFromClient,
  sourceFromImplementation,
  type SnapshotSource,
  type SourceImplementation,
} from './source.js';

export interface CaptureOptions {
  windowMs: number;
  notes?: SnapshotNotes;
  redact?: RedactOptionsInput;
  /** Core analyses opened in the window (core.open keeps none itself). */
  cores?: CoreAnalysisLog;
  /** Series of the top consumers, when something followed the process table. */
  processSeries?: ProcessSeriesRecorder;
  /** Defaults to Date.now(); the window ends here. */
  now?: number;
  /** How long one part may take before it is left out (inventory shells out, trace analyses can be big). */
  partTimeoutMs?: number;
}

export type CaptureFrom = SnapshotSource | ContractClient<Contract> | SourceImplementation;

export function toSource(from: CaptureFrom): SnapshotSource {
  if (isSnapshotSource(from)) return from;
  if (isClient(from)) return sourceFromClient(from);
  return sourceFromImplementation(from);
}

/** Pulls every part through the contract, so it works against any backend; a part that fails is noted, not fatal. */
export async function captureSnapshot(from: CaptureFrom, options: CaptureOptions): Promise<Captured> {
  const source = toSource(from);
  const redact = RedactOptions.parse(options.redact ?? {});
  const to = options.now ?? Date.now();
  const window = { from: to - options.windowMs, to };
  const inWindow = (time: number): boolean => time >= window.from && time <= window.to;
  const problems: Array<{ part: string; message: string }> = [];
  const timeoutMs = options.partTimeoutMs ?? 20_000;

  const part = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new TriageError('TIMEOUT', `it took longer than ${Math.round(timeoutMs / 1000)} seconds`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      problems.push({ part: name, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  const [findings, changes, inventory, metrics, processes, memory, traces, audit] = await Promise.all([
    part('findings', () => currentFindings(source)),
    part('changes', () => source.call('changes.list', { sinceMs: window.from, untilMs: window.to })),
    part('inventory', () => source.call('system.inventory', {})),
    part('metrics', async () => (await source.metricsHistory()).filter((sample) => inWindow(sample.time))),
    part('processes', async () => {
      const list = await source.call('processes.list', { sort: 'cpu' });
      return { capturedAt: list.time, ncpu: list.ncpu, totalMemoryBytes: list.totalMemoryBytes, rows: list.rows };
    }),
    part('memory', async () => {
      const [pins, suspects, alerts] = await Promise.all([
        source.call('memory.pins', {}),
        source.call('memory.suspects', { limit: 200 }),
        source.call('memory.alerts', { limit: 1000 }),
      ]);
      return {
        pins: pins.pins.map((pin) => ({ ...pin, series: pin.series.filter((point) => inWindow(point.time)) })),
        verdicts: suspects.suspects.filter((suspect) => suspect.verdict.kind !== 'insufficient-data'),
        alerts: alerts.alerts.filter((alert) => inWindow(alert.time)),
      };
    }),
    part('traces', async () => {
      const sessions = await source.call('trace.list', {});
      // A session belongs to the window if it started in it or was still running when the window began.
      const chosen = sessions.filter((s) => s.startedAt <= window.to && (s.startedAt >= window.from || s.state !== 'ended'));
      return Promise.all(chosen.map(async (session) => ({ session, analysis: await source.call('trace.analysis', { id: session.id }) })));
    }),
    part('audit', async () => {
      const { entries } = await source.call('processes.audit', { limit: 10_000 });
      return entries.filter((entry) => inWindow(Date.parse(entry.time)));
    }),
  ]);

  const parts: SnapshotParts = {};
  if (findings) parts.findings = findings;
  if (changes) parts.changes = changes;
  if (inventory) parts.inventory = inventory;
  if (metrics) parts.metrics = metrics;
  if (processes) {
    const topSeries = [
      ...(options.processSeries?.series(window.from, window.to) ?? []),
      ...(memory?.pins ?? [])
        .filter((pin) => pin.series.length > 0)
        .map((pin) => ({
          pid: pin.pid ?? pin.series.at(-1)?.pid ?? 0,
          startTime: pin.startTime,
          name: pin.name ?? (pin.target.kind === 'name' ? pin.target.pattern : `pid ${pin.target.pid}`),
          reason: 'pinned' as const,
          points: pin.series.map((p) => ({ time: p.time, cpu: null, rss: p.rssBytes })),
        })),
    ];
    parts.processes = topSeries.length > 0 ? { ...processes, topSeries } : processes;
  }
  if (memory) parts.memory = memory;
  if (traces) parts.traces = traces;
  if (audit) parts.audit = audit;
  return finishSnapshot(parts, { window, capturedAt: to, inventory, problems, redact, notes: options.notes, cores: options.cores });
}

/** A report only just started (nothing was watching: a CLI snapshot) has judged nothing yet: give it doctor's 2 s. */
const FINDINGS_MIN_WATCH_MS = 2000;
/** Reports come with the sampling ticks (1 s apart by default); never wait longer than this for one. */
const FINDINGS_MAX_WAIT_MS = 5000;

async function currentFindings(source: SnapshotSource): Promise<FindingsReport> {
  const deadline = Date.now() + FINDINGS_MAX_WAIT_MS;
  let report = await source.call('findings.current', {});
  while (report.observedMs < FINDINGS_MIN_WATCH_MS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    report = await source.call('findings.current', {});
  }
  return report;
}
