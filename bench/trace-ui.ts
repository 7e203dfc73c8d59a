import { startTriageWeb } from '../e2e/web-server.js';
import { launchBenchBrowser, pageWithLongTasks, readLongTasks, resetLongTasks } from './browser.js';
import type { BenchFigure, BenchSuite } from './types.js';

const COUNT = Number(process.env.TRIAGE_BENCH_DD_COUNT ?? 400_000);

/**
 * The trace console in Chromium while a syscall-heavy program runs under strace: `dd bs=1` makes one
 * read and one write per byte, as fast as strace lets it (about 80k syscalls/s here), for ~10 s.
 */
export const suite: BenchSuite = {
  name: 'trace-ui',
  async run(): Promise<BenchFigure[]> {
    const browser = await launchBenchBrowser();
    const triage = await startTriageWeb();
    try {
      const page = await pageWithLongTasks(browser);
      await page.goto(triage.url);
      await page.goto(new URL('/#/trace', triage.url).toString());
      await page.getByTestId('trace-program').fill('/usr/bin/dd');
      await page.getByTestId('trace-args').fill(`if=/dev/zero of=/dev/null bs=1 count=${COUNT}`);
      await page.waitForTimeout(1000);
      await resetLongTasks(page);
      const started = performance.now();
      await page.getByTestId('trace-start').click();
      await page.getByTestId('trace-state').filter({ hasText: /^Ended/ }).waitFor({ timeout: 120_000 });
      const seconds = (performance.now() - started) / 1000;
      const longTasks = await readLongTasks(page);
      const events = Number(((await page.getByTestId('trace-counters').textContent()) ?? '').replace(/,/g, '').replace(/[^0-9].*$/s, '')) || 0;
      const worst = longTasks.length ? Math.max(...longTasks) : 0;
      return [
        { name: 'trace-ui: strace of dd bs=1, events streamed to the page', value: events, unit: `events in ${seconds.toFixed(1)} s` },
        { name: 'trace-ui: longest task while it streams', value: Math.round(worst), unit: 'ms', budget: { limit: 100, met: worst <= 100 } },
        { name: 'trace-ui: long tasks (>50 ms) while it streams', value: longTasks.length, unit: 'count' },
        { name: 'trace-ui: long tasks after the first one (terminal and views set up)', value: Math.round(Math.max(0, ...longTasks.slice(1))), unit: 'ms, longest' },
      ];
    } finally {
      await browser.close();
      await triage.stop();
    }
  },
};
