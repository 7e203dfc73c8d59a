import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { RunningTriage } from './web-server.js';

// Markup in the user's own words: it must come back as text, never as an element.
const HOSTILE_NOTE = 'Exporting froze <img src=x onerror="window.__pwned=1"> for a minute';
const TRYING = 'Export the monthly report';

let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-e2e-snapshot-'));
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.push(message.text());
  });
  return problems;
}

/** A fresh browser context: no cookie, no store, nothing from the session that exported. */
async function freshPage(browser: Browser, url: string): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('nav-snapshots')).toBeVisible();
  return { page, close: () => context.close() };
}

/** Calls one contract method over the web server's script API (the token as a Bearer header). */
async function api<T>(triage: RunningTriage, method: string, input: unknown): Promise<T> {
  const token = new URL(triage.url).searchParams.get('token') ?? '';
  const response = await fetch(`${triage.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * This test's own snapshot (with the notes) and its HTML report, exported through the backend's API, so no
 * test depends on another having run (or passed) first.
 */
async function ownSnapshot(browser: Browser, triage: RunningTriage): Promise<{ path: string; html: string; host: string }> {
  // The dashboard subscribes to the metrics: the file then has samples to draw lines from.
  const { page, close } = await freshPage(browser, triage.url);
  await expect(page.getByTestId('chart-cpu').locator('[data-testid="chart-series"][d*="L"]').first()).toBeAttached({ timeout: 30_000 });
  await close();
  const path = join(dir, `${randomUUID()}.triage.json.gz`);
  await api(triage, 'snapshot.export', { windowMs: 300_000, path, notes: { tryingToDo: TRYING, actual: HOSTILE_NOTE } });
  const { path: html } = await api<{ path: string }>(triage, 'snapshot.html', { path });
  const host = (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { meta: { host: string } }).meta.host;
  return { path, html, host };
}

async function expectBannerAndCharts(page: Page, host: string): Promise<void> {
  await expect(page.getByTestId('snapshot-banner-text')).toHaveText(new RegExp(`^Snapshot of ${host} taken at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`));
  await expect(page.getByTestId('snapshot-tab-metrics')).toHaveAttribute('aria-selected', 'true');
  // Drawn lines with at least two points, from the file's samples.
  await expect(page.getByTestId('chart-cpu').locator('[data-testid="chart-series"][d*="L"]').first()).toBeAttached();
  await expect(page.getByTestId('chart-memory').locator('[data-testid="chart-series"][d*="L"]').first()).toBeAttached();
  await expect(page.getByTestId('snapshot-note-tryingToDo')).toHaveText(TRYING);
  await expect(page.getByTestId('snapshot-note-actual')).toHaveText(HOSTILE_NOTE);
  expect(await page.locator('[data-testid="snapshot-notes"] img').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
}

test('export from the UI with notes: the file lands in the state folder or the typed path, never over an existing one', async ({ page, triage }, testInfo) => {
  const problems = watchForProblems(page);
  await page.goto(triage.url);
  // The dashboard subscribes to the metrics, so the backend has a few samples for the window.
  await expect(page.getByTestId('chart-cpu').locator('[data-testid="chart-series"][d*="L"]').first()).toBeAttached({ timeout: 30_000 });

  // The shortcut works from any page.
  await page.keyboard.press('Control+Shift+S');
  await expect(page).toHaveURL(/#\/snapshots\/export$/);
  await expect(page.getByTestId('snapshot-export')).toContainText('Ctrl+Shift+S');
  await expect(page.getByTestId('snapshot-redact-secrets')).toBeChecked();
  await expect(page.getByTestId('snapshot-redact-host')).not.toBeChecked();

  await page.getByTestId('snapshot-window-5').click();
  await page.getByTestId('snapshot-note-input-tryingToDo').fill(TRYING);
  await page.getByTestId('snapshot-note-input-actual').fill(HOSTILE_NOTE);

  await expect(page.getByTestId('snapshot-preview-status')).toHaveText(/Up to date/, { timeout: 60_000 });
  await expect(page.locator('[data-testid="snapshot-preview-part"][data-part="metrics"]')).toHaveAttribute('data-present', 'true');
  await expect(page.locator('[data-testid="snapshot-preview-part"][data-part="notes"]')).toHaveAttribute('data-present', 'true');
  await expect(page.getByTestId('snapshot-preview-size')).toHaveText(/\d/);

  // Default: Triage picks the name, in its private state folder.
  await page.getByTestId('snapshot-save-button').click();
  await expect(page.getByTestId('snapshot-saved-path')).toBeVisible({ timeout: 60_000 });
  const savedPath = (await page.getByTestId('snapshot-saved-path').textContent()) ?? '';
  expect(savedPath.startsWith(join(triage.stateHome, 'triage', 'snapshots') + '/')).toBe(true);
  expect(savedPath).toMatch(/\.triage\.json\.gz$/);
  expect(existsSync(savedPath)).toBe(true);
  expect(statSync(savedPath).mode & 0o777).toBe(0o600);
  expect(/^triage-(.+)-\d{8}-\d{6}\.triage\.json\.gz$/.exec(basename(savedPath))?.[1] ?? '').not.toBe('');
  // What the form held is what the file holds (the viewer tests open files of their own).
  const saved = JSON.parse(gunzipSync(readFileSync(savedPath)).toString('utf8')) as { parts: { notes?: { tryingToDo?: string; actual?: string } } };
  expect(saved.parts.notes).toMatchObject({ tryingToDo: TRYING, actual: HOSTILE_NOTE });

  // A typed path is used as it is; saving there again is refused with a sentence.
  const typedPath = join(dir, 'incident.triage.json.gz');
  await page.getByTestId('snapshot-save-path').fill(typedPath);
  await page.getByTestId('snapshot-save-button').click();
  await expect(page.getByTestId('snapshot-saved-path')).toHaveText(typedPath, { timeout: 60_000 });
  expect(existsSync(typedPath)).toBe(true);
  const before = readFileSync(typedPath);
  await page.getByTestId('snapshot-save-button').click();
  await expect(page.getByTestId('snapshot-save-error')).toContainText('already exists', { timeout: 60_000 });
  expect(readFileSync(typedPath).equals(before)).toBe(true);

  // A relative path never reaches the backend.
  await page.getByTestId('snapshot-save-path').fill('incident.gz');
  await expect(page.getByTestId('snapshot-save-path-error')).toContainText('full path');
  await expect(page.getByTestId('snapshot-save-button')).toBeDisabled();

  // The HTML report of the saved file, next to it.
  await page.getByTestId('snapshot-save-path').fill(join(dir, 'second.triage.json.gz'));
  await page.getByTestId('snapshot-save-button').click();
  await expect(page.getByTestId('snapshot-saved-path')).toHaveText(join(dir, 'second.triage.json.gz'), { timeout: 60_000 });
  await page.getByTestId('snapshot-html-button').click();
  await expect(page.getByTestId('snapshot-html-path')).toHaveText(join(dir, 'second.html'), { timeout: 60_000 });
  const htmlPath = join(dir, 'second.html');
  expect(existsSync(htmlPath)).toBe(true);

  await page.screenshot({ path: testInfo.outputPath('snapshot-export.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('open the exported file by path in a fresh browser context: banner, charts, notes as text; bad paths read as sentences', async ({ browser, triage }, testInfo) => {
  const { path: savedPath, host } = await ownSnapshot(browser, triage);
  const { page, close } = await freshPage(browser, triage.url);
  const problems = watchForProblems(page);
  await page.getByTestId('nav-snapshots').click();
  await page.getByTestId('snapshot-nav-open').click();

  await page.getByTestId('snapshot-open-path').fill(join(dir, 'missing.triage.json.gz'));
  await page.getByTestId('snapshot-open-submit').click();
  await expect(page.getByTestId('snapshot-open-error')).toHaveText(`There is no file at ${join(dir, 'missing.triage.json.gz')}.`);

  await page.getByTestId('snapshot-open-path').fill(savedPath);
  await page.getByTestId('snapshot-open-submit').click();
  await expect(page).toHaveURL(/#\/snapshots\/view$/);
  await expectBannerAndCharts(page, host);
  // It opens with what Triage found and what changed in its window (this VM has no systemd: said so).
  await expect(page.getByTestId('snapshot-findings').getByRole('heading', { name: /^Findings at / })).toBeVisible();
  await expect(page.getByTestId('snapshot-findings').getByTestId('changes-unread')).toContainText('systemd');

  // Every tab shows its part or says it is not in the snapshot.
  await page.getByTestId('snapshot-tab-processes').click();
  await expect(page.getByTestId('snapshot-proc-row').first()).toBeVisible();
  // The backend is shared by every spec of this worker: cores opened by the core-dump specs are in it.
  await page.getByTestId('snapshot-tab-cores').click();
  await expect(page.getByTestId('snapshot-cores').or(page.getByTestId('snapshot-absent'))).toBeVisible();
  if (await page.getByTestId('snapshot-absent').isVisible()) {
    await expect(page.getByTestId('snapshot-absent')).toHaveText('Core dumps: not in this snapshot.');
  } else {
    await expect(page.getByTestId('snapshot-core').first()).toContainText('SIG');
  }
  await page.getByTestId('snapshot-tab-metrics').click();
  await page.screenshot({ path: testInfo.outputPath('snapshot-viewer.png'), fullPage: true });
  expect(problems).toEqual([]);
  await close();
});

/** Drops the bytes on the page as a file, the way a file manager's drag-and-drop arrives. */
async function dropFile(page: Page, bytes: Buffer, name: string): Promise<void> {
  await page.evaluate(
    ({ data, fileName }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], fileName, { type: 'application/gzip' }));
      const target = document.querySelector('main') ?? document.body;
      target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { data: [...bytes], fileName: name },
  );
}

test('drop the file on the window from any page: the page reads it and shows the banner; foreign files get a sentence', async ({ browser, triage }) => {
  const { path: savedPath, host } = await ownSnapshot(browser, triage);
  const { page, close } = await freshPage(browser, triage.url);
  const problems = watchForProblems(page);

  await dropFile(page, Buffer.from('{"format":"something-else"}'), 'notes.json');
  await expect(page).toHaveURL(/#\/snapshots\/open$/);
  await expect(page.getByTestId('snapshot-open-error')).toHaveText('notes.json is not a Triage snapshot: it is plain JSON, and Triage snapshots are gzip-compressed.');

  const bytes = readFileSync(savedPath);
  await dropFile(page, bytes.subarray(0, Math.floor(bytes.length / 2)), 'half.triage.json.gz');
  await expect(page.getByTestId('snapshot-open-error')).toContainText('half.triage.json.gz is truncated');

  await page.getByTestId('nav-dashboard').click();
  await dropFile(page, bytes, basename(savedPath));
  await expect(page).toHaveURL(/#\/snapshots\/view$/);
  await expectBannerAndCharts(page, host);
  await expect(page.getByTestId('snapshot-banner')).toContainText(`Dropped file ${basename(savedPath)}`);
  expect(problems).toEqual([]);
  await close();
});

test('the HTML report opens from file:// with no network request and shows its charts as SVG', async ({ browser, triage }) => {
  const { html: htmlPath } = await ownSnapshot(browser, triage);
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`file://${htmlPath}`);
  await expect(page.locator('svg').first()).toBeVisible();
  expect(await page.locator('svg polyline').count()).toBeGreaterThan(0);
  await expect(page.locator('body')).toContainText(TRYING);
  // The report opens with the findings, then what changed, before the notes.
  const headings = await page.locator('h2').allTextContents();
  expect(headings[0]).toMatch(/^Findings at /);
  expect(headings[1]).toMatch(/^What changed from /);
  expect(await page.locator('body img').count()).toBe(0);
  expect(requests).toEqual([`file://${htmlPath}`]);
  await context.close();
});
