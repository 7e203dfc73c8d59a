import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startTriageWeb, type RunningTriage } from './web-server.js';

/**
 * Each test gets its own `triage web` (its own XDG config and state dirs): a threshold saved here must
 * never change what another spec's backend judges with.
 */
const test = base.extend<{ ownTriage: RunningTriage }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures
  ownTriage: async ({}, use) => {
    const running = await startTriageWeb();
    await use(running);
    await running.stop();
  },
});

const findingsFile = (triage: RunningTriage): string => join(triage.stateHome, '..', 'config', 'triage', 'findings.json');

test('lowering the "one process holds a core" threshold on the screen makes a real burner a finding, and Reset puts the default back', async ({
  page,
  ownTriage,
}) => {
  const burner = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  try {
    const burnerCard = page.getByTestId('finding-cpu-hog').filter({ hasText: `(pid ${burner.pid})` });
    await page.goto(ownTriage.url);
    await page.getByTestId('nav-findings').click();
    await expect(page.getByTestId('findings-summary')).toBeVisible({ timeout: 30_000 });
    // By default a process must hold a core for a minute first: the burner, seconds old, is no finding yet.
    await expect(burnerCard).toHaveCount(0);

    await page.getByRole('link', { name: 'Thresholds…' }).click();
    await expect(page).toHaveURL(/#\/thresholds$/);
    await expect(page.getByTestId('nav-findings')).toHaveAttribute('aria-current', 'page');
    const hog = page.getByRole('region', { name: 'One process holds a core' });
    await expect(hog.getByTestId('threshold-cpu-hog-warn-effective')).toHaveText('90 % of a core');
    await hog.getByLabel('One process holds a core: Worth a look (% of a core)').fill('10');
    await hog.getByLabel('One process holds a core: Must last (seconds)').fill('2');
    await page.getByTestId('thresholds-save').click();

    const confirm = page.getByRole('dialog', { name: /Save these 2 changes/ });
    await expect(confirm.getByTestId('thresholds-confirm-line')).toHaveText([/Worth a look\s*90 % of a core\s*10 % of a core/, /Must last\s*1 min\s*2 s/]);
    // Nothing is written before the confirmation.
    expect(existsSync(findingsFile(ownTriage))).toBe(false);
    await confirm.getByRole('button', { name: 'Save thresholds' }).click();

    await expect(page.getByTestId('thresholds-saved')).toContainText('recorded them in the audit log');
    await expect(hog.getByTestId('threshold-cpu-hog-warn-effective')).toContainText('10 % of a core');
    await expect(page.getByTestId('threshold-changed-cpu-hog')).toBeVisible();
    expect(JSON.parse(readFileSync(findingsFile(ownTriage), 'utf8'))).toEqual({ 'cpu-hog': { warn: 10, minMs: 2000 } });
    // Only the changed rule, when asked.
    await page.getByRole('radio', { name: 'Changed (1)' }).click();
    await expect(page.getByTestId(/^threshold-rule-/)).toHaveCount(1);
    await page.getByRole('radio', { name: /^All rules/ }).click();

    // The running engine judges with the new figures: the burner becomes a finding on the Findings page.
    await page.getByTestId('thresholds-saved').getByRole('link', { name: 'see the Findings' }).click();
    await expect(burnerCard).toHaveCount(1, { timeout: 45_000 });

    await page.getByRole('link', { name: 'Thresholds…' }).click();
    await hog.getByRole('button', { name: 'Reset every figure of One process holds a core to its default' }).click();
    await expect(hog.getByLabel('One process holds a core: Worth a look (% of a core)')).toHaveValue('90');
    await page.getByTestId('thresholds-save').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save thresholds' }).click();
    await expect(hog.getByTestId('threshold-cpu-hog-warn-effective')).toHaveText('90 % of a core');
    await expect(hog.getByTestId('threshold-cpu-hog-minMs-effective')).toHaveText('1 min');
    await expect(page.getByTestId('threshold-changed-cpu-hog')).toHaveCount(0);
    expect(JSON.parse(readFileSync(findingsFile(ownTriage), 'utf8'))).toEqual({});
  } finally {
    burner.kill('SIGKILL');
  }
});

test('a figure the backend refuses shows its sentence by the field, and nothing is saved', async ({ page, ownTriage }) => {
  // Opened by its route, as a bookmark or a link from elsewhere would.
  await page.goto(ownTriage.printedUrl.replace(/#.*$/, '') + '#/thresholds');
  const disk = page.getByRole('region', { name: 'Filesystem nearly full' });
  await expect(disk.getByText('at least “Worth a look” (higher is worse)')).toBeVisible();
  // Higher is worse for a full disk: a serious level below the warning level makes no sense.
  await disk.getByLabel('Filesystem nearly full: Serious (% used)').fill('80');
  // Enter in a field asks to save, as in any settings form; the confirmation has the focus on its Save button.
  await disk.getByLabel('Filesystem nearly full: Serious (% used)').press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Save this change to the thresholds?' });
  await expect(confirm.getByRole('button', { name: 'Save thresholds' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('threshold-disk-full-serious-problem')).toHaveText(
    'disk-full: serious (80) must be at least warn (90): higher is worse for this rule',
  );
  const serious = disk.getByLabel('Filesystem nearly full: Serious (% used)');
  await expect(serious).toHaveAttribute('aria-invalid', 'true');
  // The user is taken to the figure to fix.
  await expect(serious).toBeFocused();
  await expect(page.getByTestId('thresholds-save-error')).toContainText('Nothing was saved');
  // What was typed is kept to fix; what is in effect is unchanged, on screen and on disk.
  await expect(disk.getByLabel('Filesystem nearly full: Serious (% used)')).toHaveValue('80');
  await expect(disk.getByTestId('threshold-disk-full-serious-effective')).toHaveText('97 % used');
  expect(existsSync(findingsFile(ownTriage))).toBe(false);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Filesystem nearly full' }).getByTestId('threshold-disk-full-serious-effective')).toHaveText('97 % used');
});
