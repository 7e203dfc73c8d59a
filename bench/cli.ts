/**
 * Issue 16: the CLI starts like a Unix tool. Wall time of whole commands, medians of 9, with the floor
 * (`node -e 0`) and the peer (`ps -eo pid,comm,pcpu,rss`) measured in the same run. The runs are
 * interleaved (one of each command per round), so a neighbour's burst of load lands on all of them
 * alike instead of on whichever command happened to be measuring: on a shared machine, quote the ratios.
 * `triage ps --json` and `triage sample --json` measure their rates over a 100 ms window by default
 * (see --interval), which is part of their wall time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

const repo = join(import.meta.dirname, '..');
const triage = join(repo, 'bin', 'triage.js');
const ROUNDS = 9;

interface Run {
  label: string;
  command: string;
  args: string[];
}

const FLOOR: Run = { label: '`node -e 0`', command: process.execPath, args: ['-e', '0'] };
const PEER: Run = { label: '`ps -eo pid,comm,pcpu,rss`', command: 'ps', args: ['-eo', 'pid,comm,pcpu,rss'] };
const triageRun = (...args: string[]): Run => ({ label: `\`triage ${args.join(' ')}\``, command: process.execPath, args: [triage, ...args] });
const VERSION = triageRun('--version');
const HELP = triageRun('--help');
const PS = triageRun('ps', '--json');
const SAMPLE = triageRun('sample', '--json');

/** Median wall time of each run, measured in interleaved rounds. */
function interleavedMedians(runs: readonly Run[], rounds: number): Map<Run, number> {
  const times = new Map<Run, number[]>(runs.map((run) => [run, []]));
  for (let round = 0; round < rounds; round++) {
    for (const run of runs) {
      const start = performance.now();
      const result = spawnSync(run.command, run.args, { cwd: repo, stdio: 'ignore' });
      if (result.status !== 0) throw new Error(`${run.label} exited with ${result.status ?? result.signal}`);
      times.get(run)!.push(performance.now() - start);
    }
  }
  return new Map([...times].map(([run, values]) => [run, median(values)]));
}

export const suite: BenchSuite = {
  name: 'CLI start-up (issue 16)',
  async run() {
    const wall = interleavedMedians([FLOOR, PEER, VERSION, HELP, PS, SAMPLE], ROUNDS);
    const ms = (run: Run): number => wall.get(run)!;
    const plain = (run: Run): BenchFigure => ({ name: `cli: ${run.label} wall, median of ${ROUNDS}`, value: Math.round(ms(run)), unit: 'ms' });
    const figure = (run: Run, limit: number, against: Run, suffix = `median of ${ROUNDS}`): BenchFigure => ({
      name: `cli: ${run.label} wall, ${suffix}`,
      value: Math.round(ms(run)),
      unit: 'ms',
      baseline: { name: against.label, value: Math.round(ms(against)) },
      ratio: ms(run) / ms(against),
      budget: { limit, met: ms(run) <= limit },
    });
    return [
      plain(FLOOR),
      plain(PEER),
      figure(VERSION, 120, FLOOR),
      figure(HELP, 120, FLOOR),
      figure(PS, 300, FLOOR),
      figure(PS, 300, PEER, 'vs the peer'),
      figure(SAMPLE, 300, FLOOR),
      figure(SAMPLE, 300, PEER, 'vs the peer'),
    ];
  },
};
