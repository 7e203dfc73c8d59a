import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html-report.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

const CHROMIUM = '/usr/bin/chromium';
let dir = '';
let browser: Browser | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-report-'));
  if (!existsSync(CHROMIUM)) {
    console.warn('Skipping the browser test of the HTML report: chromium is not installed (sudo apt-get install chromium).');
    return;
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-sandbox'],
  });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the HTML report in Chromium', () => {
  it('opens offline, draws its charts, and runs nothing from the file', async (ctx) => {
    if (!browser) return ctx.skip();
    const snapshot = syntheticSnapshot({ samples: 300, processes: 60 });
    Object.assign(snapshot.parts.processes!.rows[0]!, { cpu: 99, name: '<img src=x onerror="document.title=\'pwned\'">' });
    const path = join(dir, 'report.html');
    writeFileSync(path, renderHtmlReport(snapshot));

    const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`file://${path}`);

    const charts = page.locator('svg polyline');
    expect(await charts.count()).toBeGreaterThanOrEqual(6);
    const box = await page.locator('svg').first().boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(50);
    await expect.poll(() => page.title()).toContain('Triage snapshot of build-7');
    // The hostile name is text on the page, not an element, and nothing ran.
    expect(await page.getByText('<img src=x onerror=').count()).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([`file://${path}`]);
    await context.close();
  });
});
