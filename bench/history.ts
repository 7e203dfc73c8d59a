/**
 * Issue 18 budgets. Recorder at 1 Hz with +500 processes ≤ 0.5 % of one core on top of sampling (writes,
 * compression, pruning; no UI attached); storage ≤ 20 MiB/day at machine size and ≤ 50 MiB/day at +500,
 * extrapolated from a recording of TRIAGE_BENCH_HISTORY_MINUTES minutes (default 3; the issue says 10), with
 * atop's bytes for the same minutes as the peer when atop is installed; queries on a synthetic 7-day
 * database (table at T ≤ 50 ms, 24 h ≤ 150 ms, 7 d ≤ 500 ms); a fresh `triage record` recording in ≤ 1 s.
 */
import { spawnSync } from 'node:child_process';
import { queryFigures } from './history-queries.js';
import { recordFor, type RecordingRun } from './history-recorder.js';
import { startupFigures } from './history-startup.js';
import type { BenchFigure, BenchSuite } from './types.js';

const MiB = 1024 * 1024;
const EXTRA = 500;

function atopPath(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v atop'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function storageFigures(run: RecordingRun, label: string, limitMiB: number): BenchFigure[] {
  const perDay = run.bytesPerDay / MiB;
  const figure: BenchFigure = {
    name: `history: bytes per day at ${label} (${run.processes} processes), from ${run.minutes} min recorded`,
    value: Number(perDay.toFixed(1)),
    unit: 'MiB/day',
    budget: { limit: limitMiB, met: perDay <= limitMiB },
  };
  if (run.atopBytesPerDay !== null) {
    figure.baseline = { name: 'atop -w FILE 5, same minutes (MiB/day)', value: Number((run.atopBytesPerDay / MiB).toFixed(1)) };
    figure.ratio = run.bytesPerDay / run.atopBytesPerDay;
  }
  return [figure];
}

export const suite: BenchSuite = {
  name: 'history (issue 18): recorder cost, storage per day, queries, start-up',
  async run() {
    const minutes = Number(process.env.TRIAGE_BENCH_HISTORY_MINUTES ?? 3);
    const atop = atopPath();
    const figures: BenchFigure[] = [];
    if (!atop) figures.push({ name: 'history: atop is not installed (apt-get install atop): no peer for the storage figures', value: 0, unit: '' });
    figures.push(...(await startupFigures()));
    figures.push(...(await queryFigures()));
    const machine = await recordFor(minutes, 0, atop);
    figures.push(...storageFigures(machine, 'machine size', 20));
    const loaded = await recordFor(minutes, EXTRA, atop);
    figures.push(...storageFigures(loaded, `+${EXTRA} processes`, 50));
    const cpu = (loaded.recorderCpuMs / loaded.wallMs) * 100;
    const sampling = ((loaded.processCpuMs - loaded.recorderCpuMs) / loaded.wallMs) * 100;
    figures.push(
      {
        name: `history: recorder CPU at 1 Hz with +${EXTRA} processes (writes, compression, pruning), ${minutes} min`,
        value: Number(cpu.toFixed(3)),
        unit: '% of one core',
        baseline: { name: 'sampling itself, same process (% of one core)', value: Number(sampling.toFixed(2)) },
        ratio: cpu / sampling,
        budget: { limit: 0.5, met: cpu <= 0.5 },
      },
      { name: 'history: recorder CPU at 1 Hz, machine size', value: Number(((machine.recorderCpuMs / machine.wallMs) * 100).toFixed(3)), unit: '% of one core' },
    );
    return figures;
  },
};
