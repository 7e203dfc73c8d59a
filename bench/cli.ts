/**
 * Issue 16: the CLI starts like a Unix tool. Wall time of whole commands, medians of 7, with the floor
 * (`node -e 0`) and the peer (`ps -eo …`) measured in the same run.
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
    spawnSync(command, args, { cwd: repo, stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return median(times);
}

export const suite: BenchSuite = {
  name: 'CLI start-up (issue 16)',
  async run() {
    const floor = wall(process.execPath, ['-e', '0']);
    const ps = wall('ps', ['-eo', 'pid,ppid,user,stat,ni,pcpu,rss,vsz,time,args']);
    const figure = (name: string, args: string[], limit: number, peer: { name: string; value: number }): BenchFigure => {
      const value = wall(process.execPath, [triage, ...args]);
      return { name, value: Math.round(value), unit: 'ms', baseline: { name: peer.name, value: Math.round(peer.value) }, ratio: value / peer.value, budget: { limit, met: value <= limit } };
    };
    const node = { name: '`node -e 0`', value: floor };
    const psPeer = { name: '`ps -eo …`', value: ps };
    return [
      figure('cli: `triage --version` wall, median of 7', ['--version'], 120, node),
      figure('cli: `triage --help` wall, median of 7', ['--help'], 120, node),
      figure('cli: `triage ps --json` wall, median of 7', ['ps', '--json'], 300, psPeer),
      figure('cli: `triage sample --json` wall, median of 7', ['sample', '--json'], 300, node),
    ];
  },
};
