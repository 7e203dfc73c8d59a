import { buildMemhog, startHog, type RunningHog } from '../native-bridge/memory/test-support/memhog.js';
import { expect, test } from './fixtures.js';

/** The child touches this much new memory every second: 180 MiB/min. */
const MIB_PER_SEC = 3;

/** The y coordinates of a drawn SVG path ("M x,y L x,y …"), in drawing order. */
function pathYs(d: string): number[] {
  const numbers = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)];
  return numbers.map((m) => Number(m[2]));
}

test.describe('memory growth', () => {
  let memhog: ReturnType<typeof buildMemhog>;
  let hog: RunningHog | null = null;

  test.beforeAll(() => {
    memhog = buildMemhog();
  });

  test.afterAll(async () => {
    await hog?.stop();
    memhog.dispose();
  });

  test('pin a leaking child by pid: the chart rises and the verdict says it is growing', async ({ page, triage }, testInfo) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    hog = await startHog(memhog.binary, ['grow', String(MIB_PER_SEC), '400']);

    await page.goto(triage.url);
    await page.getByTestId('nav-memory').click();
    await expect(page.getByTestId('memory')).toBeVisible();
    await expect(page.getByTestId('pins-empty')).toBeVisible();

    await page.getByTestId('pin-mode-pid').click();
    await page.getByTestId('pin-input').fill(String(hog.pid));
    await page.getByTestId('pin-submit').click();

    const card = page.locator(`[data-testid="pin-card"][data-pid="${hog.pid}"]`);
    await expect(card).toBeVisible();
    await expect(card.getByTestId('pin-title')).toHaveText('memhog');
    await expect(card).toHaveAttribute('data-status', 'running');

    // The RSS line is drawn and rises: in SVG a higher value has a smaller y.
    const rss = card.locator('.memory-rss path.recharts-curve[d*="L"]').first();
    await expect(rss).toBeAttached({ timeout: 20_000 });
    await expect
      .poll(
        async () => {
          const ys = pathYs((await rss.getAttribute('d')) ?? '');
          return ys.length >= 3 ? ys[0]! - ys.at(-1)! : 0;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(10);

    // The verdict needs about 10 s of samples; then it says "growing", in words and numbers.
    const verdict = card.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-kind', 'growing', { timeout: 60_000 });
    await expect(card.getByTestId('verdict-kind')).toHaveText('Growing');
    await expect(card.getByTestId('verdict-sentence')).toContainText('growing steadily');
    const rate = Number.parseFloat((await card.getByTestId('verdict-rate').textContent()) ?? '');
    expect(rate).toBeGreaterThan(MIB_PER_SEC * 60 * 0.75);
    expect(rate).toBeLessThan(MIB_PER_SEC * 60 * 1.25);
    await expect(card.getByTestId('verdict-since')).toHaveText(/^\d\d:\d\d:\d\d$/);
    // The trend line is drawn over the chart once there is a verdict.
    await expect(card.locator('.memory-trend path.recharts-curve[d*="L"]').first()).toBeAttached();

    // A size limit below the current size raises a visible alert with its context.
    await card.getByTestId('limit-size').fill('1');
    await card.getByTestId('limit-save').click();
    await expect(card.getByTestId('limits-current')).toHaveText('Alerts when size above 1.0 MiB.');
    const alertRow = page.getByTestId('alert-row').first();
    await expect(alertRow).toBeVisible({ timeout: 20_000 });
    await expect(alertRow).toContainText(`memhog (pid ${hog.pid})`);
    await expect(alertRow).toContainText('available');

    // What grew? The anonymous memory, between pinning and now.
    await card.getByTestId('what-grew-toggle').click();
    await card.getByTestId('what-grew-compare').click();
    const anonymous = card.locator('[data-testid="what-grew-groups"] tr[data-group="anonymous"]');
    await expect(anonymous).toBeVisible();
    await expect(anonymous.locator('td').last()).toHaveText(/^\+\d/);

    await page.screenshot({ path: testInfo.outputPath('memory.png'), fullPage: true });
    expect(pageErrors).toEqual([]);

    await card.getByTestId('pin-unpin').click();
    await expect(card).toHaveCount(0);
    // Alerts outlive the pin that raised them.
    await expect(page.getByTestId('alert-row').first()).toBeVisible();
  });
});
