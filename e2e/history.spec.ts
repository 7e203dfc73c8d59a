import { spawn } from 'node:child_process';
import { expect, test } from './fixtures.js';

test('History: pick a past moment on the recorded charts and see the process table of that moment', async ({ page, triage }) => {
  // A process that exists only for this test: the recorded table of a moment after it started must hold it.
  const child = spawn('/bin/sleep', ['600'], { stdio: 'ignore' });
  try {
    await page.goto(`${triage.printedUrl}#/history`);
    await expect(page.getByTestId('history-status')).toContainText('Recording since');
    const row = page.getByTestId('history-processes').locator(`tr[data-pid="${child.pid}"]`);
    // The recorder writes a frame every few seconds: reload the window and pick its newest moment until
    // that moment's table was recorded after the child started.
    await expect(async () => {
      await page.getByTestId('history-preset-1h').click();
      const chart = page.getByTestId('history-chart').first();
      await expect(chart).toBeVisible({ timeout: 2000 });
      const box = (await chart.locator('svg').first().boundingBox())!;
      await page.mouse.click(box.x + box.width - 16, box.y + box.height / 2);
      await expect(page.getByTestId('history-moment')).toBeVisible({ timeout: 2000 });
      await expect(row).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 90_000, intervals: [1000, 2000, 3000] });
    await expect(row).toContainText('sleep');
    await expect(page.getByTestId('history-frame')).toContainText('Recorded at');
    // The table is sortable like the live one.
    await page.getByRole('button', { name: 'PID' }).click();
    await expect(page.getByTestId('history-processes').locator('th[aria-sort]')).toHaveText('PID');
  } finally {
    child.kill('SIGKILL');
  }
});
