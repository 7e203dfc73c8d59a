import { spawn } from 'node:child_process';
import { expect, test } from './fixtures.js';

// A top consumer by memory (700 MiB: above 2 % of RAM and among the top 5 here, whatever the CPU load of
// other work on this machine) for the real 30 s sustain, through the real web backend and its one process feed.
test('a process holding much memory for 30 s is a "started" change in the Findings page\'s list, and "ended" once killed', async ({ page, triage }) => {
  test.setTimeout(180_000);
  await page.goto(triage.url);
  await page.getByTestId('nav-findings').click();
  // Asking what changed starts the live watch (if the recorder has not already).
  await expect(page.getByTestId('changes').locator('h2')).toBeVisible();
  // The shared process feed has made a table, so the watch has one from before the hog.
  await page.getByTestId('nav-processes').click();
  await expect(page.locator('[data-testid^="process-row-"]').first()).toBeVisible({ timeout: 30_000 });

  const hog = spawn('python3', ['-c', "import time\nb = b'x' * (700 << 20)\nprint('ready', flush=True)\ntime.sleep(600)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise<void>((resolve, reject) => {
      hog.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      hog.once('exit', (code) => reject(new Error(`the memory hog exited (${code})`)));
    });
    const pid = hog.pid!;
    await page.getByTestId('nav-findings').click();
    const changes = page.getByTestId('changes');
    // 30 s of sustain, then up to 30 s until the list asks again.
    await expect(changes.locator('li[data-kind="process"]', { hasText: `python3 (pid ${pid}) started — ` })).toContainText('MiB memory', { timeout: 100_000 });
    hog.kill('SIGKILL');
    await expect(changes.locator('li[data-kind="process"]', { hasText: `python3 (pid ${pid}) ended after ` })).toBeVisible({ timeout: 60_000 });
  } finally {
    hog.kill('SIGKILL');
  }
});
