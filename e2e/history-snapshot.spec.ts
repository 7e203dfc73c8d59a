import { spawn } from 'node:child_process';
import { expect, test } from './fixtures.js';
import type { RunningTriage } from './web-server.js';

/** Calls one contract method over the web server's script API (the token as a Bearer header). */
async function api<T>(triage: RunningTriage, method: string, input: unknown): Promise<T> {
  const token = new URL(triage.url).searchParams.get('token') ?? '';
  const response = await fetch(`${triage.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await response.json()) as T;
}

test('Dashboard range: export the recorded window, open it in the snapshot viewer, see its charts and the last frame with the child', async ({ page, triage }) => {
  const child = spawn('/bin/sleep', ['600'], { stdio: 'ignore' });
  try {
    // The recorder writes a frame every few seconds: wait until one holds the child.
    await expect(async () => {
      const frame = await api<{ rows?: Array<{ pid: number }> }>(triage, 'history.processesAt', { at: Date.now() });
      expect(frame.rows?.some((r) => r.pid === child.pid)).toBe(true);
    }).toPass({ timeout: 60_000, intervals: [1000] });

    await page.goto(`${triage.printedUrl}#/dashboard`);
    await page.getByTestId('range-1h').click();
    await expect(page.getByTestId('history-status')).toContainText('Recording since');
    await page.getByTestId('history-export-button').click();
    await expect(page.getByTestId('history-export-path')).toContainText('.triage.json.gz', { timeout: 30_000 });
    const path = ((await page.getByTestId('history-export-path').locator('.mono').textContent()) ?? '').trim();

    await page.goto(`${triage.printedUrl}#/snapshots`);
    await page.getByTestId('snapshot-nav-open').click();
    await page.getByTestId('snapshot-open-path').fill(path);
    await page.getByTestId('snapshot-open-submit').click();
    await expect(page.getByTestId('snapshot-tab-history')).toHaveAttribute('aria-selected', 'true');
    // The recorded series drawn over the window, and the last frame's time said.
    await expect(page.getByTestId('snapshot-history').getByTestId('history-chart').first().locator('path.recharts-curve').first()).toBeAttached();
    await expect(page.getByTestId('snapshot-history-series').first()).toContainText('CPU busy: avg');
    await expect(page.getByTestId('snapshot-history-frame-time')).toHaveText(/^Processes at .+ \(frame (\d+) of \1\)$/);
    // The child is in that frame's table.
    await page.getByTestId('snapshot-proc-filter').fill(String(child.pid));
    await expect(page.locator(`[data-testid="snapshot-proc-row"][data-pid="${child.pid}"]`)).toBeVisible();
  } finally {
    child.kill('SIGKILL');
  }
});
