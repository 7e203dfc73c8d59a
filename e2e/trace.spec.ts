import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** "It doesn't work and says nothing": prints one line, needs a directory that is missing, exits 1. */
const PURPLEBOX_C = `
#include <fcntl.h>
#include <stdio.h>
int main(int argc, char **argv) {
  printf("purplebox 1.0 starting\\n");
  fflush(stdout);
  if (argc < 2) return 64;
  int fd = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (fd < 0) return 1;
  return 0;
}
`;

let dir = '';
let purplebox = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-e2e-trace-'));
  writeFileSync(join(dir, 'purplebox.c'), PURPLEBOX_C);
  purplebox = join(dir, 'purplebox');
  execFileSync('gcc', ['-O1', '-o', purplebox, join(dir, 'purplebox.c')]);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function watchPage(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.push(message.text());
  });
  return problems;
}

async function openTrace(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('nav-trace').click();
  await expect(page.getByTestId('trace-form')).toBeVisible();
  await expect(page.getByTestId('trace-recipe-fails-silently')).toHaveAttribute('aria-checked', 'true');
}

/** What xterm.js drew: its DOM renderer keeps one element per row. */
const terminalText = (page: Page) => page.getByTestId('trace-terminal').locator('.xterm-rows');

test('a silently failing program: its output in the terminal, the missing directory in failures and in why it ended', async ({
  page,
  triage,
}, testInfo) => {
  const problems = watchPage(page);
  const missing = join(dir, 'home', '.config', 'purplebox');
  await openTrace(page, triage.url);

  await page.getByTestId('trace-program').fill(purplebox);
  await page.getByTestId('trace-args').fill(missing);
  // The argv preview shows exactly two words, run without a shell.
  await expect(page.getByTestId('trace-argv-preview').locator('.argv-chip')).toHaveText([purplebox, missing]);
  await page.screenshot({ path: testInfo.outputPath('trace-form.png'), fullPage: true });
  await page.getByTestId('trace-start').click();

  await expect(terminalText(page)).toContainText('purplebox 1.0 starting');
  await expect(terminalText(page)).toContainText('[program exited with status 1]');
  await expect(page.getByTestId('trace-state')).toHaveText('Ended: exit status 1');

  const first = page.getByTestId('trace-failures-important').getByTestId('trace-failure').first();
  await expect(first).toHaveAttribute('data-errno', 'ENOENT');
  await expect(first).toHaveAttribute('data-target', missing);
  await expect(first).toContainText('does not exist');
  // The dynamic loader's probing is there too, dimmed, not hidden.
  await expect(page.getByTestId('trace-failures-noise').getByTestId('trace-failure-noise').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('trace-failures.png'), fullPage: true });

  await page.getByTestId('trace-tab-end').click();
  const sentence = page.getByTestId('trace-end-sentence');
  await expect(sentence).toContainText('exited with status 1');
  await expect(sentence).toContainText(missing);
  await page.screenshot({ path: testInfo.outputPath('trace-end.png'), fullPage: true });

  // The text filter asks the backend: only calls about the missing path, failed ones.
  await page.getByTestId('trace-tab-events').click();
  await page.getByTestId('trace-filter-text').fill('.config/purplebox');
  await page.getByTestId('trace-failed-only').check();
  await expect(page.getByTestId('trace-events-status')).toContainText('1 matching event.');
  await expect(page.getByTestId('trace-events')).toContainText('ENOENT');

  await page.getByTestId('trace-save').click();
  await expect(page.getByTestId('trace-saved')).toContainText('/triage/captures/strace-');

  // New trace: the session is discarded and the form comes back with what was typed.
  await page.getByTestId('trace-close').click();
  await expect(page.getByTestId('trace-program')).toHaveValue(purplebox);
  expect(problems).toEqual([]);
});

test('keyboard input reaches the program, escape sequences cannot reach the clipboard, Stop kills it', async ({ page, triage }) => {
  const problems = watchPage(page);
  await openTrace(page, triage.url);
  // A program that tries to set the clipboard (OSC 52), then reads the keyboard.
  const script = join(dir, 'clip.sh');
  writeFileSync(script, "#!/bin/sh\nprintf '\\033]52;c;ZXZpbA==\\007ready\\n'\nexec cat\n", { mode: 0o755 });
  await page.getByTestId('trace-program').fill(script);
  await page.getByTestId('trace-start').click();
  await expect(terminalText(page)).toContainText('ready');
  await expect(page.getByTestId('trace-escape-refused')).toContainText('clipboard access (OSC 52)');

  await page.getByTestId('trace-terminal').click();
  await page.keyboard.type('hello triage');
  await page.keyboard.press('Enter');
  // The pty echoes the line and cat prints it again.
  await expect.poll(async () => ((await terminalText(page).textContent()) ?? '').split('hello triage').length - 1).toBe(2);

  await page.getByTestId('trace-stop').click();
  await expect(page.getByTestId('trace-state')).toHaveText(/Ended: killed by SIGKILL/);
  await page.getByTestId('trace-close').click();
  await expect(page.getByTestId('trace-form')).toBeVisible();
  expect(problems).toEqual([]);
});
