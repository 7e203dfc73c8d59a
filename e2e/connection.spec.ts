import { expect, test } from '@playwright/test';
import { startTriageWeb } from './web-server.js';

/**
 * Its own backend (not the shared worker one), because this test kills it. A restarted `triage web`
 * has a new token, so the page's session cookie cannot reconnect to it; what is checked is that the
 * page says it is disconnected, disables actions and keeps trying by itself.
 */
test('a dashboard card opens the sorted table; when the backend dies the header says so, actions are disabled and it retries', async ({ page }) => {
  const triage = await startTriageWeb();
  try {
    await page.goto(triage.url);
    await expect(page.getByTestId('live-status')).toContainText('Live · ', { timeout: 30_000 });

    // The memory card explains itself: it opens the process table sorted by resident memory.
    await page.getByTestId('stat-memory').click();
    await expect(page).toHaveURL(/#\/processes\?sort=rss$/);
    await expect(page.getByTestId('processes-status')).toContainText('Live · ', { timeout: 30_000 });
    const rssHeader = page.locator('[role="columnheader"]', { has: page.getByTestId('sort-rss') });
    await expect(rssHeader).toHaveAttribute('aria-sort', 'descending');

    // Select the biggest process: Kill is offered, and the detail panel sits beside the table.
    await page.locator('[data-testid^="process-row-"]').first().click();
    await expect(page.getByTestId('action-KILL')).toBeEnabled();
    await expect(page.getByTestId('tool-pin-memory')).toBeEnabled();
    const table = await page.getByTestId('process-table').boundingBox();
    const detail = await page.getByTestId('process-detail').boundingBox();
    expect(detail!.x).toBeGreaterThan(table!.x + table!.width - 1);
    expect(detail!.y).toBeLessThan(table!.y + table!.height);

    // The backend is killed outright (no goodbye on the socket).
    const exited = new Promise((resolve) => triage.process.once('exit', resolve));
    triage.process.kill('SIGKILL');
    await exited;
    await expect(page.getByTestId('processes-status')).toHaveText(/^Disconnected since \d\d:\d\d:\d\d · reconnecting… attempt \d+$/);
    await expect(page.getByTestId('connection-banner')).toContainText('Actions are disabled');
    await expect(page.getByTestId('action-KILL')).toBeDisabled();
    await expect(page.getByTestId('action-TERM')).toBeDisabled();
    await expect(page.getByTestId('tool-pin-memory')).toBeDisabled();
    await expect(page.getByTestId('tool-trace')).toBeDisabled();
    // Keyboard shortcuts are held back too: no dialog for an action that cannot be sent.
    await page.getByTestId('process-table').focus();
    await page.keyboard.press('Shift+Delete');
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);

    // It retries by itself with backoff, and says which attempt it is on.
    await expect(page.getByTestId('connection-banner')).toContainText(/attempt [3-9]/, { timeout: 20_000 });

    // The dashboard's header says the same instead of "Live · …".
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('live-status')).toHaveText(/^Disconnected since \d\d:\d\d:\d\d · reconnecting… attempt \d+$/);
  } finally {
    // stop() waits for an exit that, once killed, has already happened.
    if (triage.process.exitCode === null && triage.process.signalCode === null) await triage.stop();
  }
});
