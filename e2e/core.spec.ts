import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../native-bridge/core/test-support/crash-programs.js';
import { spawn } from 'node:child_process';
import { liveBacktraceHref } from '../renderer/features/core/route.js';
import { nextStepHref } from '../renderer/features/findings/links.js';
import { expect, test } from './fixtures.js';

let dir: string | undefined;
let exe: string;
let produced: ProducedCore;
let textFile: string;

// A real crash, made here: crash-parse built with -g, main → parse_config → strlen(NULL) → SIGSEGV.
test.beforeAll(async () => {
  dir = await makeTempDir('triage-e2e-core-');
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
  textFile = join(dir, 'notes.txt');
  writeFileSync(textFile, 'not a core dump\n');
});

test.afterAll(async () => {
  await removeDir(dir);
});

/** Whether the kernel writes cores into the crashing program's own folder here (core_pattern "core"). */
function kernelWritesCoresToCwd(): boolean {
  const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  return !pattern.startsWith('|') && !pattern.includes('/');
}

function watchForProblems(page: Page): { pageErrors: string[]; cspViolations: string[] } {
  const problems = { pageErrors: [] as string[], cspViolations: [] as string[] };
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.cspViolations.push(message.text());
  });
  return problems;
}

async function expectParseConfigCrash(page: Page, corePath: string): Promise<void> {
  await expect(page.getByTestId('core-analysis-body')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('core-signal-name')).toContainText('SIGSEGV');
  await expect(page.getByTestId('core-signal-summary')).toContainText('address 0x0');
  await expect(page.getByTestId('core-analysis-path')).toContainText(corePath);
  const crashed = page.getByTestId('core-thread').first();
  await expect(crashed.getByTestId('core-thread-crashed')).toBeVisible();
  await expect(crashed.getByTestId('core-frame-function')).toContainText(['parse_config', 'main']);
  await expect(page.getByTestId('core-source-hit')).toContainText('strlen(text)');
}

test('open a real core by path, see SIGSEGV and parse_config; errors read as sentences', async ({ page, triage }, testInfo) => {
  const problems = watchForProblems(page);
  await page.goto(triage.url);
  await page.getByTestId('nav-core').click();
  await expect(page.getByTestId('nav-core')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('core-status-summary')).toContainText(/core/i, { timeout: 30_000 });
  await expect(page.getByTestId('core-status-badge')).toBeVisible();

  await page.getByTestId('core-tab-open').click();
  await page.getByTestId('core-open-path').fill(produced.corePath);
  await page.getByTestId('core-open-submit').click();
  await expectParseConfigCrash(page, produced.corePath);
  await expect(page.getByTestId('core-analysis-match')).toHaveText('present, same build');
  // "Continue in gdb": the exact, protected command line on this core.
  await expect(page.getByTestId('core-gdb-command')).toHaveText(
    `gdb -nx -q -iex 'set auto-load off' -iex 'set debuginfod enabled off' -- ${exe} ${produced.corePath}`,
  );
  // On demand: registers and shared libraries, each one more backend call.
  await page.getByTestId('core-registers-button').click();
  await expect(page.getByTestId('core-registers')).toContainText('rip', { timeout: 60_000 });
  await page.getByTestId('core-libraries-button').click();
  await expect(page.getByTestId('core-libraries')).toContainText('libc.so', { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('core-analysis.png'), fullPage: true });

  // A text file offered as a core: the backend's plain sentence, and no stale analysis left behind.
  await page.getByTestId('core-open-path').fill(textFile);
  await page.getByTestId('core-open-submit').click();
  await expect(page.getByTestId('core-analysis-error-message')).toHaveText(`${textFile} is not a core dump: it is a text file.`);
  await expect(page.getByTestId('core-analysis-body')).toHaveCount(0);

  // A dropped file gives the page only its name: the page says so instead of pretending.
  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['x'], 'core.4242'));
    return data;
  });
  await page.getByTestId('core-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('core-drop-note')).toContainText('core.4242');
  await expect(page.getByTestId('core-drop-note')).toContainText('full path');

  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test('the crash list finds the core in a folder the user added, remembers the folder, and opens the core', async ({ page, triage }) => {
  const problems = watchForProblems(page);
  await page.goto(triage.url);
  await page.getByTestId('nav-core').click();
  const folder = dirname(produced.corePath);
  await page.getByTestId('core-folder-input').fill('relative/folder');
  await page.getByTestId('core-folder-add').click();
  await expect(page.getByTestId('core-folder-error')).toContainText('has to start with /');
  await page.getByTestId('core-folder-input').fill(folder);
  await page.getByTestId('core-folder-add').click();
  await expect(page.getByTestId('core-folders')).toContainText(folder);

  const row = page.getByTestId('core-crash-row').filter({ hasText: produced.corePath });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('crash-parse');
  await expect(row).toContainText('SIGSEGV (11)');
  await expect(row).toContainText(String(produced.pid));
  await expect(row.getByTestId('core-crash-exe')).toHaveText('present, same build');

  // The folder survives a reload (localStorage).
  await page.reload();
  await expect(page.getByTestId('core-folders')).toContainText(folder);
  await row.getByTestId('core-crash-open').click();
  await expectParseConfigCrash(page, produced.corePath);

  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test('run with crash capture: the program crashes and its core opens by itself', async ({ page, triage }) => {
  test.skip(!kernelWritesCoresToCwd(), 'core_pattern hands cores to a helper here, so no core lands in the folder');
  const problems = watchForProblems(page);
  const cwd = mkdtempSync(join(dir!, 'launch-'));
  await page.goto(triage.url);
  await page.getByTestId('nav-core').click();
  await page.getByTestId('core-howto').locator('summary').click();
  await page.getByTestId('core-launch-command').fill(`${exe} "two words" $HOME`);
  // The preview shows exactly what the program will get: no shell expanded anything.
  await expect(page.getByTestId('core-launch-argv').locator('li')).toHaveText([exe, 'two words', '$HOME']);
  await page.getByTestId('core-launch-cwd').fill(cwd);
  await page.getByTestId('core-launch-submit').click();
  await expect(page.getByTestId('core-launched')).toContainText('Started process');
  await expect(page.getByTestId('core-launch-opened')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('core-signal-name')).toContainText('SIGSEGV', { timeout: 60_000 });
  await expect(page.getByTestId('core-analysis-path')).toContainText(cwd);

  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test("a recent-crash finding's next step opens its core straight into the analysis", async ({ page, triage }) => {
  const problems = watchForProblems(page);
  // The link the finding's "Open this core in the Core view" button follows (renderer/features/findings/links.ts).
  const href = nextStepHref({ label: 'Open this core in the Core view', view: 'cores', target: null, filter: { text: produced.corePath } });
  await page.goto(`${triage.printedUrl}${href}`);
  await expect(page.getByTestId('nav-core')).toHaveAttribute('aria-current', 'page');
  await expectParseConfigCrash(page, produced.corePath);
  expect(problems.pageErrors).toEqual([]);
});

test("the process table's \"live backtrace\" link opens that process's stacks straight away", async ({ page, triage }) => {
  const problems = watchForProblems(page);
  const sleeper = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
  try {
    await page.goto(`${triage.printedUrl}${liveBacktraceHref(sleeper.pid!)}`);
    await expect(page.getByTestId('nav-core')).toHaveAttribute('aria-current', 'page');
    // gdb attached to the real sleep: its main thread waits in the kernel's nanosleep.
    await expect(page.getByTestId('core')).toContainText('nanosleep', { timeout: 60_000 });
    expect(problems.pageErrors).toEqual([]);
  } finally {
    sleeper.kill('SIGKILL');
  }
});
