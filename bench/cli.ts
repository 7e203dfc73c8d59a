/**
 * Issue 16: the CLI starts like a Unix tool. Wall time of whole commands, medians of 7, with the floor
 * (`node -e 0`) and the peer (`ps -eo pid,comm,pcpu,rss`) measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

const repo = join(import.meta.dirname, '..');
const triage = join(repo, 'bin', 'triage.js');

function wall(command: string, args: string[], runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd: repo, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    times.push(performance.now() - start);
  }
  return median(times);
}

export const suite: BenchSuite = {
  name: 'CLI start-up (issue 16)',
  async run() {
    const floor = { name: '`node -e 0`', value: wall(process.execPath, ['-e', '0']) };
    const peer = { name: '`ps -eo pid,comm,pcpu,rss`', value: wall('ps', ['-eo', 'pid,comm,pcpu,rss']) };
    const figure = (name: string, args: string[], limit: number, against: { name: string; value: number }): BenchFigure => {
      const value = wall(process.execPath, [triage, ...args]);
      return { name, value: Math.round(value), unit: 'ms', baseline: { name: against.name, value: Math.round(against.value) }, ratio: value / against.value, budget: { limit, met: value <= limit } };
    };
    return [
      { name: 'cli: floor, `node -e 0` wall, median of 7', value: Math.round(floor.value), unit: 'ms' },
      { name: 'cli: peer, `ps -eo pid,comm,pcpu,rss` wall, median of 7', value: Math.round(peer.value), unit: 'ms' },
      figure('cli: `triage --version` wall, median of 7', ['--version'], 120, floor),
      figure('cli: `triage --help` wall, median of 7', ['--help'], 120, floor),
      figure('cli: `triage ps --json` wall, median of 7', ['ps', '--json'], 300, peer),
      figure('cli: `triage ps --json` wall vs the floor', ['ps', '--json'], 300, floor),
      figure('cli: `triage sample --json` wall, median of 7', ['sample', '--json'], 300, peer),
      figure('cli: `triage sample --json` wall vs the floor', ['sample', '--json'], 300, floor),
    ];
  },
};
