import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendReniceEntry } from './audit-entry.js';
import { expect, test } from './fixtures.js';
import { startTriageWeb, type RunningTriage } from './web-server.js';

/** Children of `ppid` that are zombies, read from /proc (the test's own oracle). */
function zombiesOf(ppid: number): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' && Number(parent) === ppid) count++;
    } catch {
      // exited meanwhile
    }
  }
  return count;
}

test('a parent with zombies becomes a finding that names it, with a badge and a link to the process', async ({ page, triage }) => {
  const parent = spawn('python3', ['-c', 'import os, time\nfor _ in range(4):\n    if os.fork() == 0: os._exit(0)\ntime.sleep(300)'], { stdio: 'ignore' });
  try {
    await expect.poll(() => zombiesOf(parent.pid!), { timeout: 30_000 }).toBe(4);
    await page.goto(triage.url);
    await page.getByTestId('nav-findings').click();
    // The rule needs the condition to last 10 s: first the page says what it has not judged yet.
    const card = page.getByTestId('finding-zombies').filter({ hasText: `(pid ${parent.pid})` });
    await expect(card).toContainText('has 4 zombie children', { timeout: 45_000 });
    await expect(page.getByTestId('findings-badge')).toBeVisible();
    await card.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`#/processes\\?pid=${parent.pid}&start=\\d+$`));
    // The process table opens on that process: filtered to it and selected, its details beside.
    await expect(page.getByTestId('process-filter')).toHaveValue(String(parent.pid));
    await expect(page.getByTestId('process-detail')).toHaveAttribute('aria-label', 'Details of python3');
  } finally {
    parent.kill('SIGKILL');
  }
});

test('opened without a page, Triage starts on Findings when something is serious', async ({ page }) => {
  // A tmpfs 98 % full: a serious finding at once (a full filesystem needs no minimum duration).
  const mount = mkdtempSync(join(tmpdir(), 'triage-e2e-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
  expect(mounted.status, `mounting a tmpfs needs root: ${mounted.stderr?.toString()}`).toBe(0);
  let triage: RunningTriage | null = null;
  try {
    writeFileSync(join(mount, 'fill'), Buffer.alloc(1000 * 1024, 1));
    // A backend of its own, started once the filesystem is full: the worker's backend read the filesystems
    // before the mount and reads them again every 15 s, after a page opened with everything answered has
    // already settled its start page (it passed only when the loaded machine raised a serious CPU finding).
    triage = await startTriageWeb();
    await page.goto(triage.printedUrl);
    await expect(page).toHaveURL(/#\/findings$/, { timeout: 30_000 });
    await expect(page.getByTestId('finding-disk-full').filter({ hasText: mount })).toHaveCount(1);
    await expect(page.getByTestId('findings-badge')).toBeVisible();
  } finally {
    await triage?.stop();
    spawnSync('umount', ['-l', mount]);
  }
});

test('"What changed" lists a Triage action from the audit log, and says which sources it could not read', async ({ page, triage }) => {
  const name = `changes-e2e-${process.pid}`;
  appendReniceEntry(triage.stateHome, name);
  await page.goto(triage.url);
  await page.getByTestId('nav-findings').click();
  const changes = page.getByTestId('changes');
  await expect(changes.getByRole('heading', { name: 'What changed (last 2 h)' })).toBeVisible();
  await expect(changes.locator('li[data-kind="triage-action"]', { hasText: `renice 5 on ${name} (pid 4242) by root` })).toBeVisible({ timeout: 45_000 });
  // This machine runs no systemd: the unit journal is named as not read, not silently empty.
  await expect(page.getByTestId('changes-unread')).toContainText('systemd units');
});
