/** The query budgets on a synthetic 7-day database: the table at T, 24 h and 7 days of series at chart width. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyContract } from '../native-bridge/contract/history.js';
import { createHistoryService } from '../native-bridge/history/service.js';
import { realSample, realTable } from '../native-bridge/history/test-support/history-db.js';
import { createInProcessClient } from '../native-bridge/server/transports/in-process.js';
import { HistorySettings } from '../native-bridge/shared/settings.js';
import { buildSevenDays } from './history-synthetic.js';
import { median } from './measure.js';
import type { BenchFigure } from './types.js';

/** A wide screen's chart: never more points than pixels. */
const CHART_POINTS = 1920;
const ROUNDS = 9;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function queryFigures(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-bench-7d-'));
  try {
    const sample = await realSample();
    const table = await realTable();
    const built = performance.now();
    const now = buildSevenDays(join(dir, 'history.db'), sample, table);
    const buildMs = performance.now() - built;
    const size = statSync(join(dir, 'history.db')).size;
    const service = createHistoryService({ stateDir: dir, settings: HistorySettings.parse({}), record: { on: false, why: 'bench' } });
    const impl = service.implementation;
    const { client, close } = createInProcessClient(historyContract, impl);
    try {
      let i = 0;
      const at = () => now - 3_600_000 * (1 + (i++ % 20));
      const tableAt = await timed(() => impl['history.processesAt']({ at: at() }));
      const day = await timed(() => impl['history.series']({ from: now - 86_400_000, to: now, maxPoints: CHART_POINTS }));
      const week = await timed(() => impl['history.series']({ from: now - 7 * 86_400_000, to: now, maxPoints: CHART_POINTS }));
      const weekClient = await timed(() => client.call('history.series', { from: now - 7 * 86_400_000, to: now, maxPoints: CHART_POINTS }));
      const topDay = await timed(() => impl['history.top']({ from: now - 86_400_000, to: now, by: 'cpu', limit: 20 }));
      const rows = (await impl['history.processesAt']({ at: at() })).rows.length;
      return [
        { name: `history: synthetic 7-day database (${table.length} processes), built in ${(buildMs / 1000).toFixed(0)} s`, value: Math.round(size / 1024 / 1024), unit: 'MiB' },
        { name: `history: process table at T (${rows} rows), median of ${ROUNDS}`, value: Number(tableAt.toFixed(1)), unit: 'ms', budget: { limit: 50, met: tableAt <= 50 } },
        { name: `history: 24 h of every system series at ${CHART_POINTS} points`, value: Number(day.toFixed(1)), unit: 'ms', budget: { limit: 150, met: day <= 150 } },
        { name: `history: 7 days of every system series at ${CHART_POINTS} points`, value: Number(week.toFixed(1)), unit: 'ms', budget: { limit: 500, met: week <= 500 } },
        { name: 'history: the same 7 days through the in-process transport (zod both ways)', value: Number(weekClient.toFixed(1)), unit: 'ms' },
        { name: 'history: top consumers over 24 h', value: Number(topDay.toFixed(1)), unit: 'ms' },
      ];
    } finally {
      close();
      service.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
