import { launchBenchBrowser, pageWithLongTasks, readLongTasks, resetLongTasks } from './browser.js';
import { startTriageWeb } from '../e2e/web-server.js';
import { median } from './measure.js';
import { processCpuSeconds } from './proc-cpu.js';
import type { BenchFigure, BenchSuite } from './types.js';

const FIRST_CHART = '[data-testid="chart-cpu"] svg path.recharts-area-area, [data-testid="chart-cpu"] svg path.recharts-curve';

/** Web mode from `triage web` to the first chart with data, the UI's long tasks, and the backend's idle cost. */
export const suite: BenchSuite = {
  name: 'web',
  async run(): Promise<BenchFigure[]> {
    const browser = await launchBenchBrowser();
    try {
      const firstChart: number[] = [];
      const urlPrinted: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const triage = await startTriageWeb();
        urlPrinted.push(triage.startedInMs);
        const page = await browser.newPage();
        await page.goto(triage.url);
        await page.locator(FIRST_CHART).first().waitFor({ state: 'attached', timeout: 30_000 });
        firstChart.push(performance.now() - started);
        await page.close();
        await triage.stop();
      }

      const triage = await startTriageWeb();
      const page = await pageWithLongTasks(browser);
      await page.goto(triage.url);
      await page.locator(FIRST_CHART).first().waitFor({ state: 'attached', timeout: 30_000 });
      // Let the initial render settle, then watch steady-state 1 Hz updates only.
      await page.waitForTimeout(3000);
      await resetLongTasks(page);
      const cpuBefore = processCpuSeconds(triage.process.pid!);
      const watchMs = 30_000;
      await page.waitForTimeout(watchMs);
      const cpuAfter = processCpuSeconds(triage.process.pid!);
      const longTasks = await readLongTasks(page);
      await page.close();
      await triage.stop();

      const idlePercent = ((cpuAfter - cpuBefore) / (watchMs / 1000)) * 100;
      const worst = longTasks.length ? Math.max(...longTasks) : 0;
      return [
        { name: 'web: triage web start → first chart with data (median of 5)', value: Math.round(median(firstChart)), unit: 'ms', budget: { limit: 2000, met: median(firstChart) <= 2000 } },
        { name: 'web: of which `triage web` start → URL printed (median of 5)', value: Math.round(median(urlPrinted)), unit: 'ms' },
        { name: 'web: longest task during 30 s of 1 Hz updates', value: Math.round(worst), unit: 'ms', budget: { limit: 50, met: worst <= 50 } },
        { name: 'web: long tasks (>50 ms) during 30 s of 1 Hz updates', value: longTasks.length, unit: 'count' },
        { name: 'web: backend CPU at 1 Hz with one subscriber', value: Number(idlePercent.toFixed(2)), unit: '% of one core', budget: { limit: 0.5, met: idlePercent <= 0.5 } },
      ];
    } finally {
      await browser.close();
    }
  },
};
