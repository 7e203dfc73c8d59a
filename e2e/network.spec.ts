import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DELETED_HOLDER, LISTENERS } from '../native-bridge/netfiles/test-support/child-scripts.js';
import { NodeChildren } from '../native-bridge/netfiles/test-support/children.js';
import { expect, test } from './fixtures.js';

const children = new NodeChildren();
const dirs: string[] = [];

test.afterEach(() => {
  children.killAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('"what is on port N?" finds the child listening on a random loopback port', async ({ page, triage }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const listener = children.start(LISTENERS);
  const [v4, v6] = (await listener.ready).split(' ');

  await page.goto(triage.url);
  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('network-status')).toContainText('Live', { timeout: 30_000 });
  await page.getByTestId('network-tab-listening').click();

  await page.getByTestId('port-search').fill(v4!);
  const answer = page.getByTestId('port-answer');
  await expect(answer).toHaveAttribute('data-port', v4!);
  await expect(answer).toHaveText(`node (pid ${listener.pid}, root) listens on TCP 127.0.0.1:${v4} — this machine only (loopback).`);
  await expect(page.getByTestId('listening-row')).toHaveCount(1);
  await expect(page.getByTestId('listening-row')).toHaveAttribute('data-pid', String(listener.pid));

  // IPv6 loopback too, and a port nobody holds is said, not left blank.
  await page.getByTestId('port-search').fill(`port ${v6}`);
  await expect(answer).toContainText(`listens on TCP [::1]:${v6}`);
  await page.getByTestId('port-search').fill('1');
  await expect(answer).toHaveText('Nothing listens on port 1 (TCP or UDP).');

  // The same sockets in the Connections view, grouped under the child.
  await page.getByTestId('network-tab-connections').click();
  await page.getByTestId('connection-filter').fill(String(listener.pid));
  await expect(page.locator(`[data-testid="connection-row"][data-pid="${listener.pid}"]`)).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByTestId('connection-group')).toContainText(`node (pid ${listener.pid}, root)`);
  expect(pageErrors).toEqual([]);
});

test('a deleted 20 MiB file held open shows with its size, holder and the space a restart gives back', async ({ page, triage }) => {
  const dir = mkdtempSync(join(tmpdir(), 'triage-e2e-deleted-'));
  dirs.push(dir);
  const path = join(dir, 'rotated.log');
  const holder = children.start(DELETED_HOLDER, [path, '20']);
  await holder.ready;

  await page.goto(triage.url);
  await page.getByTestId('nav-network').click();
  // What the findings engine's socket rules concluded, once it has counted sockets; "connecting" before that.
  await expect(page.getByTestId('findings-verdict')).toHaveText(
    /^(Connecting…|Not judged yet: |Nothing looks wrong with connections right now: none stuck in CLOSE_WAIT|No connection finding so far; the owners of )/,
  );
  await page.getByTestId('network-tab-deleted').click();
  const row = page.locator(`[data-testid="deleted-row"][data-path="${path}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toHaveAttribute('data-pid', String(holder.pid));
  await expect(row.getByTestId('deleted-size')).toHaveText('20.0 MiB');
  await expect(row).toContainText(`node (pid ${holder.pid}, root)`);
  await expect(page.locator(`[data-testid="restart-gain"][data-pid="${holder.pid}"]`)).toContainText(`Restarting node (pid ${holder.pid}) gives back 20.0 MiB`);
  // The findings panel says the same sentence as the list under it, never "no deleted files" above it.
  const total = page.getByTestId('deleted-total');
  await expect(total).toContainText(/^\d+ deleted files? still open holds? /);
  await expect(page.getByTestId('findings-deleted')).toHaveText((await total.textContent())!);

  // Its open files, from the holder's pid.
  await page.getByTestId('network-tab-files').click();
  await page.getByTestId('open-files-pid').fill(String(holder.pid));
  await page.getByTestId('open-files-show').click();
  await expect(page.getByTestId('open-files-head')).toContainText(`node (pid ${holder.pid}, root)`);
  await expect(page.getByTestId('open-files-table')).toContainText(`${path}deleted`);
});
