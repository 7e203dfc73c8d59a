import { launchBenchBrowser, pageWithLongTasks, readLongTasks, resetLongTasks } from './browser.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { startTriageWeb } from '../e2e/web-server.js';
import type { BenchFigure, BenchSuite } from './types.js';

const EXTRA = Number(process.env.TRIAGE_BENCH_EXTRA_PROCS ?? 2900);

/** Enough idle processes for a ~3,000-row table; they exit on their own if the bench dies. */
function spawnSleepers(count: number): ChildProcess[] {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) children.push(spawn('/bin/sleep', ['600'], { stdio: 'ignore' }));
  return children;
}

/** The process table in Chromium with ~3,000 rows at 1 Hz while the user scrolls and re-sorts. */
export const suite: BenchSuite = {
  name: 'processes-ui',
  async run(): Promise<BenchFigure[]> {
    const sleepers = spawnSleepers(EXTRA);
    const browser = await launchBenchBrowser();
    const triage = await startTriageWeb();
    try {
      const page = await pageWithLongTasks(browser);
      await page.goto(triage.url);
      await page.goto(new URL('/#/processes', triage.url).toString());
      const table = page.getByTestId('process-table');
      await table.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="process-row-"]').length > 10, undefined, { timeout: 30_000 });
      await page.waitForTimeout(3000);
      const rows = await page.evaluate(() => document.querySelector('[data-testid="processes-status"]')?.textContent ?? '');
      await resetLongTasks(page);
      const box = await table.boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const sorts = ['sort-cpu', 'sort-rss', 'sort-pid', 'sort-name', 'sort-cpu'];
      for (let second = 0; second < 15; second++) {
        await page.mouse.wheel(0, second % 2 ? -1500 : 3000);
        const sort = sorts[second % sorts.length]!;
        if (second % 3 === 0) await page.getByTestId(sort).click({ timeout: 2000 }).catch(() => undefined);
        await page.waitForTimeout(1000);
      }
      const longTasks = await readLongTasks(page);
      const worst = longTasks.length ? Math.max(...longTasks) : 0;
      return [
        { name: `processes-ui: rows shown (${rows.trim().slice(0, 40)})`, value: EXTRA, unit: 'extra processes' },
        { name: 'processes-ui: longest task, 15 s of 1 Hz updates + scroll + sort', value: Math.round(worst), unit: 'ms', budget: { limit: 50, met: worst <= 50 } },
        { name: 'processes-ui: long tasks (>50 ms) in those 15 s', value: longTasks.length, unit: 'count' },
      ];
    } finally {
      await browser.close();
      await triage.stop();
      for (const child of sleepers) child.kill('SIGKILL');
    }
  },
};
