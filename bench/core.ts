import { stat } from 'node:fs/promises';
import { coreContract } from '../native-bridge/contract/core.js';
import { createCoreService } from '../native-bridge/core/service.js';
import { compileFixture, crashForCore, makeTempDir, removeDir } from '../native-bridge/core/test-support/crash-programs.js';
import { median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** Wall time of core.open from request (schema-checked input) to result (schema-checked output). */
async function timeOpen(path: string, rounds: number): Promise<number> {
  const service = createCoreService();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const input = coreContract['core.open'].input.parse({ path });
    coreContract['core.open'].output.parse(await service['core.open'](input));
    times.push(performance.now() - start);
  }
  return median(times);
}

export const suite: BenchSuite = {
  name: 'core',
  async run(): Promise<BenchFigure[]> {
    const dir = await makeTempDir('triage-core-bench-');
    try {
      const small = await crashForCore(await compileFixture('crash-parse', dir), dir);
      const big = await crashForCore(await compileFixture('crash-big', dir), dir);
      const bigMb = (await stat(big.corePath)).size / 1024 ** 2;
      const smallMs = await timeOpen(small.corePath, 5);
      const bigMs = await timeOpen(big.corePath, 3);
      return [
        { name: 'core analysis, test core (median of 5)', value: Math.round(smallMs), unit: 'ms', budget: { limit: 2000, met: smallMs <= 2000 } },
        { name: `core analysis, ${Math.round(bigMb)} MB core (median of 3)`, value: Math.round(bigMs), unit: 'ms', budget: { limit: 5000, met: bigMs <= 5000 } },
      ];
    } finally {
      await removeDir(dir);
    }
  },
};
