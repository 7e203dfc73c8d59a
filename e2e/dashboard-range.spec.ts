import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';

test('Dashboard range: 1 h shows the recorded window, a clicked moment has the child in its table, Live returns to the live charts', async ({ page, triage }) => {
  // A process that exists only for this test: the recorded table of a moment after it started must hold it.
  // The 1 h chart's newest point is a bucket of several seconds: it may take a few buckets to hold the child.
  test.setTimeout(180_000);
  const child = spawn('/bin/sleep', ['600'], { stdio: 'ignore' });
  try {
    // Until it execs, the child is a copy of this Node process: a frame recorded then holds it as "node".
    await expect.poll(() => readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim()).toBe('sleep');
    await page.goto(`${triage.printedUrl}#/dashboard`);
    await expect(page.getByTestId('range-live')).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByTestId('chart-cpu')).toBeVisible();
    await expect(page.getByTestId('history-window')).toHaveCount(0);

    await page.getByTestId('range-1h').click();
    await expect(page.getByTestId('range-1h')).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByTestId('history-status')).toContainText('Recording since');
    // The live charts and their controls are gone while a recorded window shows.
    await expect(page.getByTestId('chart-cpu')).toHaveCount(0);
    await expect(page.getByTestId('pause-toggle')).toHaveCount(0);

    const row = page.getByTestId('history-processes').locator(`tr[data-pid="${child.pid}"]`);
    // The recorder writes a frame every few seconds: move the window to now and pick its newest moment
    // until that moment's table was recorded after the child started as sleep (the first frame holding its
    // pid may be from before its exec, on a loaded machine).
    await expect(async () => {
      await page.getByTestId('range-1h').click();
      const chart = page.getByTestId('history-chart').first();
      await expect(chart).toBeVisible({ timeout: 2000 });
      // Click the newest recorded point (the line's last vertex): 16 px from the edge is a minute ago at 1 h.
      const box = (await chart.locator('svg').first().boundingBox())!;
      const d = (await chart.locator('path.recharts-curve').first().getAttribute('d')) ?? '';
      // The rightmost vertex of any series (an area's outline runs back to its start, so not the last one).
      const xs = [...d.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => Number(m[1]));
      const lastX = xs.length > 0 ? Math.max(...xs) : box.width - 16;
      await page.mouse.click(box.x + lastX - 1, box.y + box.height / 2);
      await expect(page.getByTestId('history-moment')).toBeVisible({ timeout: 2000 });
      await expect(row).toContainText('sleep', { timeout: 2000 });
    }).toPass({ timeout: 150_000, intervals: [1000, 2000, 3000] });
    await expect(page.getByTestId('history-moment')).toContainText('The machine at');
    // The address says what is shown: a reload (or the link pasted into a ticket) opens the same moment.
    await expect(page).toHaveURL(/#\/dashboard\?range=1h&at=\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const heading = await page.getByTestId('history-moment').locator('h2').textContent();
    await page.reload();
    await expect(page.getByTestId('range-1h')).toHaveAttribute('aria-checked', 'true');
    await expect(row).toBeVisible();
    await expect(page.getByTestId('history-moment').locator('h2')).toHaveText(heading!);
    await expect(page.getByTestId('history-frame')).toContainText('Recorded at');
    // The table is sortable like the live one.
    await page.getByTestId('history-processes').getByRole('button', { name: 'PID' }).click();
    await expect(page.getByTestId('history-processes').locator('th[aria-sort]')).toHaveText('PID');

    await page.getByTestId('range-live').click();
    await expect(page).toHaveURL(/#\/dashboard$/);
    await expect(page.getByTestId('history-window')).toHaveCount(0);
    await expect(page.getByTestId('chart-cpu').locator('[data-testid="chart-series"][d*="L"]').first()).toBeAttached();
    await expect(page.getByTestId('live-status')).toContainText('Live');
  } finally {
    child.kill('SIGKILL');
  }
});

test('Dashboard range: a custom window that ends before it starts says so and keeps the live charts', async ({ page, triage }) => {
  await page.goto(`${triage.printedUrl}#/dashboard`);
  await expect(page.getByTestId('chart-cpu')).toBeVisible();
  await page.getByTestId('range-custom').click();
  await page.getByTestId('range-from').fill('2026-12-04T12:00');
  await page.getByTestId('range-to').fill('2026-12-04T11:00');
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-problem')).toHaveText('The end of the window must come after its start.');
  await expect(page.getByTestId('history-window')).toHaveCount(0);
  await expect(page).toHaveURL(/#\/dashboard$/);
  await expect(page.getByTestId('chart-cpu')).toBeVisible();
});

test('Dashboard range: the old History link opens the dashboard on the last hour, and no History entry is left in the navigation', async ({ page, triage }) => {
  await page.goto(`${triage.printedUrl}#/history`);
  await expect(page).toHaveURL(/#\/dashboard\?range=1h$/);
  await expect(page.getByTestId('range-1h')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('history-window')).toBeVisible();
  await expect(page.getByTestId('nav-history')).toHaveCount(0);
  await expect(page.getByTestId('nav-dashboard')).toHaveAttribute('aria-current', 'page');
});
