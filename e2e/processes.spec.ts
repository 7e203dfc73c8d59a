import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntry } from '../native-bridge/contract/processes.js';
import { expect, test } from './fixtures.js';

/** State letter from /proc/PID/stat (the field after the parenthesised name); null once the process is gone. */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

function auditFile(stateHome: string): AuditEntry[] {
  const path = join(stateHome, 'triage', 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => AuditEntry.parse(JSON.parse(line)));
}

/** `sleep 1000 0.<digits>`: sleep adds its arguments up, so the marker is harmless and unique. */
function spawnSleeper(program = 'sleep'): { child: ChildProcess; pid: number; marker: string } {
  const marker = `0.${process.pid}${Math.floor(Math.random() * 1e9)}`;
  const child = spawn(program, ['1000', marker], { stdio: 'ignore' });
  return { child, pid: child.pid!, marker };
}

test('filter to a child, stop it, continue it, kill it; the audit log shows each', async ({ page, triage }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const { child, pid, marker } = spawnSleeper();
  try {
    await page.goto(triage.url);
    await page.getByTestId('nav-processes').click();
    await expect(page.getByTestId('processes-status')).toContainText('Live', { timeout: 30_000 });

    // `/` focuses the filter; typing narrows the live table to the child.
    await page.getByTestId('process-table').focus();
    await page.keyboard.press('/');
    await expect(page.getByTestId('process-filter')).toBeFocused();
    await page.keyboard.type(marker);
    const row = page.getByTestId(`process-row-${pid}`);
    await expect(row).toBeVisible();
    await expect(page.locator('[data-testid^="process-row-"]')).toHaveCount(1);
    await expect(row).toContainText(`sleep 1000 ${marker}`);
    await expect(row).toHaveAttribute('data-state', 'S');

    // Select it: the detail panel follows.
    await row.click();
    await expect(page.getByTestId('detail-cmdline')).toContainText(`sleep 1000 ${marker}`);
    await expect(page.getByTestId('detail-exe')).toContainText('sleep');

    // Stop from the action bar; the dialog names the process; Enter confirms.
    await page.getByTestId('action-STOP').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('confirm-target')).toContainText(String(pid));
    await expect(dialog.getByTestId('confirm-target')).toContainText(`sleep 1000 ${marker}`);
    await expect(dialog.getByTestId('confirm-target')).toContainText('root');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('action-result')).toContainText(`Stopped sleep (pid ${pid})`);
    await expect(row).toHaveAttribute('data-state', 'T');
    await expect(row.getByTestId('process-state')).toContainText('stopped');
    expect(procState(pid)).toBe('T');

    // Continue from the keyboard: C on the table, then Esc once (nothing happens), then C and Enter.
    await page.getByTestId('process-table').focus();
    await page.keyboard.press('c');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(procState(pid)).toBe('T');
    await page.getByTestId('process-table').focus();
    await page.keyboard.press('c');
    await expect(dialog).toContainText('Continue (CONT)');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('action-result')).toContainText(`Continued sleep (pid ${pid})`);
    await expect(row).toHaveAttribute('data-state', 'S');
    expect(procState(pid)).toBe('S');

    // Kill it (Shift+Delete): it leaves the table.
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await page.getByTestId('process-table').focus();
    await page.keyboard.press('Shift+Delete');
    await expect(dialog).toContainText('Kill (KILL)');
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('action-result')).toContainText(`Killed sleep (pid ${pid})`);
    expect(await exited).toBe('SIGKILL');
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId('process-count')).toContainText('0 of');

    // The audit log view lists the three actions, newest first, and so does the file.
    const entries = page.locator(`[data-testid="audit-entry"][data-pid="${pid}"]`);
    await expect(entries).toHaveCount(3);
    await expect(entries.nth(0)).toContainText('signal KILL');
    await expect(entries.nth(1)).toContainText('signal CONT');
    await expect(entries.nth(2)).toContainText('signal STOP');
    const lines = auditFile(triage.stateHome).filter((e) => e.target.pid === pid);
    expect(lines.map((e) => [e.params.signal, e.result.ok, e.target.cmdline])).toEqual([
      ['STOP', true, `sleep 1000 ${marker}`],
      ['CONT', true, `sleep 1000 ${marker}`],
      ['KILL', true, `sleep 1000 ${marker}`],
    ]);
    expect(pageErrors).toEqual([]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('a process named like markup shows as text, in the table, the detail panel and the dialog', async ({ page, triage }) => {
  const dir = mkdtempSync(join(tmpdir(), 'triage-e2e-hostile-'));
  const hostile = '<img src=x onerror=alert(1)>';
  symlinkSync('/usr/bin/sleep', join(dir, hostile));
  const { child, pid, marker } = spawnSleeper(join(dir, hostile));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  try {
    await page.goto(`${triage.url}`);
    await page.getByTestId('nav-processes').click();
    await page.getByTestId('process-filter').fill(marker);
    const row = page.getByTestId(`process-row-${pid}`);
    await expect(row).toContainText(`${hostile} 1000 ${marker}`);
    await row.click();
    await expect(page.getByTestId('detail-cmdline')).toContainText(hostile);
    await page.getByTestId('action-TERM').click();
    await expect(page.getByTestId('confirm-target')).toContainText(hostile);
    await page.keyboard.press('Escape');
    await expect(page.locator('.processes img')).toHaveCount(0);
    expect(dialogs).toEqual([]);
    expect(procState(pid)).toBe('S');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the chosen columns and sort come back after a reload', async ({ page, triage }) => {
  await page.goto(triage.url);
  await page.getByTestId('nav-processes').click();
  const table = page.getByTestId('process-table');
  await expect(table.getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('column-chooser').locator('summary').click();
  const parent = page.getByTestId('column-toggle-ppid');
  await expect(parent).not.toBeChecked();
  await parent.check();
  await page.getByTestId('sort-pid').click();
  await expect(page.getByTestId('sort-ppid')).toBeVisible();
  await expect(page.getByRole('columnheader').filter({ has: page.getByTestId('sort-pid') })).toHaveAttribute('aria-sort', 'ascending');

  await page.reload();
  await page.getByTestId('nav-processes').click();
  await expect(table.getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sort-ppid')).toBeVisible();
  await expect(page.getByRole('columnheader').filter({ has: page.getByTestId('sort-pid') })).toHaveAttribute('aria-sort', 'ascending');

  // Back to the defaults, for the specs that share this backend's preferences.
  await page.getByTestId('column-chooser').locator('summary').click();
  await page.getByTestId('column-toggle-ppid').uncheck();
  await page.getByTestId('sort-cpu').click();
  await expect(page.getByRole('columnheader').filter({ has: page.getByTestId('sort-cpu') })).toHaveAttribute('aria-sort', 'descending');
});
