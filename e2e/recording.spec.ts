import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startTriageWeb, type RunningTriage } from './web-server.js';

const repo = join(import.meta.dirname, '..');

/** A plain GET from the test process (a fresh connection each time): status and body, or the connection's error code. */
function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

const auditActions = (triage: RunningTriage): string[] => {
  const path = join(triage.stateHome, 'triage', 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { action: string; result: { ok: boolean } }))
    .filter((entry) => entry.result.ok)
    .map((entry) => entry.action);
};

// Its own backend, so the autostart entry and the exporter setting land in this test's own temp XDG dirs.
let triage: RunningTriage;
test.beforeEach(async () => {
  triage = await startTriageWeb();
});
test.afterEach(async () => {
  await triage.stop();
});

test('the chip says recording stops with Triage; "Record always…" shows its plan, writes the entry when confirmed, and removes it again', async ({ page }) => {
  const entry = join(triage.configHome, 'autostart', 'triage-record.desktop');
  await page.goto(triage.url);
  const chip = page.getByTestId('recording-chip');
  await expect(chip).toHaveText(/^Recording since \d{2}:\d{2}:\d{2} · .+ · stops when Triage closes$/);
  await chip.click();
  await expect(page).toHaveURL(/#\/recording$/);
  await expect(page.getByTestId('recording-state')).toHaveText(/^on, by this Triage \(pid \d+\) since /);
  await expect(page.getByTestId('recording-autostart')).toHaveText('not set up: the history has gaps while Triage is closed');

  await page.getByTestId('recording-install').click();
  const plan = page.getByTestId('recording-plan');
  await expect(plan).toContainText(`No user systemd runs here: writes the autostart entry ${entry}`);
  await expect(plan).toContainText(`${join(repo, 'bin', 'triage.js')} record`);
  // Shown, not yet written.
  expect(existsSync(entry)).toBe(false);
  await page.getByTestId('recording-confirm-yes').click();
  await expect(page.getByTestId('recording-result')).toContainText(`No user systemd runs here: wrote the autostart entry ${entry} instead.`);
  expect(readFileSync(entry, 'utf8')).toContain(`Exec="${process.execPath}" "${join(repo, 'bin', 'triage.js')}" "record"`);
  await expect(page.getByTestId('recording-autostart')).toHaveText(`starts by itself: ${entry}`);
  expect(auditActions(triage)).toContain('install-autostart');

  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('recording-chip')).toHaveText(/^Recording since \d{2}:\d{2}:\d{2} · [^·]+$/);
  await page.getByTestId('recording-chip').click();

  await page.getByTestId('recording-uninstall').click();
  await page.getByTestId('recording-confirm-yes').click();
  await expect(page.getByTestId('recording-result')).toContainText(`Removed the autostart entry ${entry}.`);
  expect(existsSync(entry)).toBe(false);
  await expect(page.getByTestId('recording-install')).toBeVisible();
});

test('the metrics exporter turned on serves /metrics at the URL the panel shows, refuses beyond loopback without a token, and stops', async ({ page }) => {
  await page.goto(triage.url.replace('#/dashboard', '#/recording'));
  await expect(page.getByTestId('recording-exporter-state')).toHaveText('Off.');

  // Beyond loopback without a token file: the backend's sentence, and nothing listens.
  await page.getByTestId('recording-exporter-address').fill('0.0.0.0:0');
  await expect(page.getByTestId('recording-exporter-token')).toBeVisible();
  await page.getByTestId('recording-exporter-on').click();
  await page.getByTestId('recording-confirm-yes').click();
  await expect(page.getByTestId('recording-error')).toContainText('lets other machines read this one\'s process names; Triage does that only with a bearer token');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('recording-exporter-address').fill('127.0.0.1:0');
  await page.getByTestId('recording-exporter-on').click();
  await page.getByTestId('recording-confirm-yes').click();
  const url = await page.getByTestId('recording-exporter-url').textContent();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  await expect.poll(async () => {
    const answer = await get(url!);
    return 'status' in answer && answer.status === 200 && /^triage_cpu_\w+ /m.test(answer.body);
  }).toBe(true);
  expect(auditActions(triage)).toContain('set-metrics-exporter');

  await page.getByTestId('recording-exporter-off').click();
  await page.getByTestId('recording-confirm-yes').click();
  await expect(page.getByTestId('recording-exporter-state')).toHaveText('Off.');
  expect(await get(url!)).toEqual({ error: 'ECONNREFUSED' });
});
