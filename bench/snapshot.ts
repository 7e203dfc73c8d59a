import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Contract } from '../native-bridge/contract/index.js';
import type { OutputOf } from '../native-bridge/contract/define.js';
import { createSystemCollector } from '../native-bridge/platform/system-collector.js';
import { captureSnapshot } from '../native-bridge/snapshot/capture.js';
import { readSnapshotFile, writeSnapshotFile } from '../native-bridge/snapshot/snapshot-file.js';
import type { HistoryMethod, SnapshotSource, SourceMethod } from '../native-bridge/snapshot/source.js';
import { syntheticRows, syntheticSnapshot, varySamples } from '../native-bridge/snapshot/test-support/synthetic.js';
import { median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** The budgets for 15 minutes at 1 Hz with 2,000 processes. */
const SIZE_BUDGET_MB = 5;
const WRITE_BUDGET_MS = 2000;
const OPEN_BUDGET_MS = 1000;
const SAMPLES = 900;
const PROCESSES = 2000;
const ROUNDS = 5;

/**
 * A backend that answers instantly with a full 15-minute history, so the figures are the snapshot's own
 * cost (collect, redact, validate, compress, write), not the machine's sampling.
 */
async function syntheticSource(now: number): Promise<SnapshotSource> {
  const system = createSystemCollector();
  // The first sample is a baseline; the second has real rates. Vary it over 900 seconds.
  await system.sample();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const real = await system.sample();
  system.close?.();
  const samples = varySamples(real, SAMPLES, now);
  const rich = syntheticSnapshot({ samples: 10, processes: 0, now });
  const rows = syntheticRows(PROCESSES, now);
  // A snapshot of the last minutes reads no history.
  const answers: { [K in Exclude<SourceMethod, HistoryMethod>]: () => OutputOf<Contract, K> } = {
    'system.inventory': () => rich.parts.inventory!,
    'processes.list': () => ({ time: now, ncpu: real.load.cores, totalMemoryBytes: real.memory.totalBytes, source: 'procfs', rows }),
    'processes.audit': () => ({ entries: rich.parts.audit! }),
    'memory.pins': () => ({ intervalMs: 1000, pins: rich.parts.memory!.pins.map((pin) => ({ ...pin, series: pin.series.map((p, i) => ({ ...p, time: now - i * 1000 })) })) }),
    'memory.alerts': () => ({ alerts: rich.parts.memory!.alerts, dropped: 0, total: 1 }),
    'memory.suspects': () => ({ observedMs: 900_000, processes: PROCESSES, suspects: rich.parts.memory!.verdicts }),
    'trace.list': () => rich.parts.traces!.map((t) => t.session),
    'trace.analysis': () => rich.parts.traces![0]!.analysis,
    'findings.current': () => rich.parts.findings!,
    'changes.list': () => rich.parts.changes!,
  };
  return {
    call: (name, _input) => Promise.resolve(answers[name as Exclude<SourceMethod, HistoryMethod>]() as never),
    metricsHistory: () => Promise.resolve(samples),
  };
}

export const suite: BenchSuite = {
  name: 'snapshot',
  async run(): Promise<BenchFigure[]> {
    const dir = await mkdtemp(join(tmpdir(), 'triage-snapshot-bench-'));
    try {
      const now = Date.now();
      const source = await syntheticSource(now);
      const writeTimes: number[] = [];
      const openTimes: number[] = [];
      const sizes: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const path = join(dir, `bench-${round}.triage.json.gz`);
        const start = performance.now();
        const { snapshot } = await captureSnapshot(source, { windowMs: SAMPLES * 1000 + 1000, now, notes: { actual: 'bench' } });
        await writeSnapshotFile(path, snapshot);
        writeTimes.push(performance.now() - start);
        sizes.push((await stat(path)).size);
        const openStart = performance.now();
        const opened = await readSnapshotFile(path);
        openTimes.push(performance.now() - openStart);
        if (opened.snapshot.parts.metrics?.length !== SAMPLES || opened.snapshot.parts.processes?.rows.length !== PROCESSES) {
          throw new Error('the bench snapshot did not hold what was put in');
        }
      }
      const sizeMb = median(sizes) / 1024 ** 2;
      const writeMs = median(writeTimes);
      const openMs = median(openTimes);
      return [
        { name: `snapshot file size, ${SAMPLES} samples + ${PROCESSES} processes`, value: Math.round(sizeMb * 100) / 100, unit: 'MB', budget: { limit: SIZE_BUDGET_MB, met: sizeMb <= SIZE_BUDGET_MB } },
        { name: `capture + redact + write (median of ${ROUNDS})`, value: Math.round(writeMs), unit: 'ms', budget: { limit: WRITE_BUDGET_MS, met: writeMs <= WRITE_BUDGET_MS } },
        { name: `open: read + gunzip + validate (median of ${ROUNDS})`, value: Math.round(openMs), unit: 'ms', budget: { limit: OPEN_BUDGET_MS, met: openMs <= OPEN_BUDGET_MS } },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
