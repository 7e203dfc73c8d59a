import type { Page } from '@playwright/test';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../native-bridge/core/test-support/crash-programs.js';
import { expect, test } from './fixtures.js';

let dir: string | undefined;
let exe: string;
let produced: ProducedCore;

// A real crash, made here: crash-parse built with -g, main → parse_config → strlen(NULL) → SIGSEGV.
test.beforeAll(async () => {
  dir = await makeTempDir('triage-e2e-core-gdb-');
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
});

test.afterAll(async () => {
  await removeDir(dir);
});

/** What xterm.js drew: its DOM renderer keeps one element per row. */
const gdbScreen = (page: Page) => page.getByTestId('core-gdb-terminal').locator('.xterm-rows');

test('Continue in gdb: an interactive gdb on the core, bt shows parse_config, Close ends it', async ({ page, triage }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.push(message.text());
  });

  await page.goto(triage.url);
  await page.getByTestId('nav-core').click();
  await page.getByTestId('core-tab-open').click();
  await page.getByTestId('core-open-path').fill(produced.corePath);
  await page.getByTestId('core-open-submit').click();
  await expect(page.getByTestId('core-signal-name')).toContainText('SIGSEGV', { timeout: 60_000 });
  // The copyable command stays for the user's own terminal.
  await expect(page.getByTestId('core-gdb-command')).toContainText(`-- ${exe} ${produced.corePath}`);

  await page.getByTestId('core-gdb-open').click();
  await expect(gdbScreen(page)).toContainText('(gdb)', { timeout: 60_000 });
  await expect(gdbScreen(page)).toContainText('SIGSEGV');

  await page.getByTestId('core-gdb-terminal').click();
  await page.keyboard.type('bt');
  await page.keyboard.press('Enter');
  await expect(gdbScreen(page)).toContainText('parse_config');
  await expect(gdbScreen(page)).toContainText('crash-parse.c');
  await page.screenshot({ path: testInfo.outputPath('core-gdb.png'), fullPage: true });

  await page.getByTestId('core-gdb-close').click();
  await expect(page.getByTestId('core-gdb-terminal')).toHaveCount(0);
  await expect(page.getByTestId('core-gdb-open')).toBeVisible();

  // Opened again after Close: a fresh gdb, and quit ends it with the exit line in the terminal.
  await page.getByTestId('core-gdb-open').click();
  await expect(gdbScreen(page)).toContainText('(gdb)', { timeout: 60_000 });
  await page.getByTestId('core-gdb-terminal').click();
  await page.keyboard.type('quit');
  await page.keyboard.press('Enter');
  await expect(gdbScreen(page)).toContainText('[gdb exited with status 0]');
  await page.getByTestId('core-gdb-close').click();
  await expect(page.getByTestId('core-gdb-terminal')).toHaveCount(0);

  expect(problems).toEqual([]);
});
