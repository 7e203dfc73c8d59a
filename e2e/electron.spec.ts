import { _electron as electron, expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { findElectronBinary } from '../native-bridge/cli/electron-binary.js';

const repo = join(import.meta.dirname, '..');
const binary = findElectronBinary(repo);

test('Electron: the desktop app opens sandboxed and shows the dashboard', async () => {
  if (!binary) {
    console.log('skipped: no Electron binary (node_modules/electron has no downloaded dist/)');
  }
  test.skip(!binary, 'skipped: no Electron binary');
  const app = await electron.launch({ executablePath: binary!, args: [join(repo, 'dist', 'electron', 'main.cjs')] });
  const window = await app.firstWindow();
  await expect(window).toHaveTitle(/Triage/);
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(await window.evaluate(() => typeof (window as unknown as { triage?: { call?: unknown } }).triage?.call)).toBe('function');
  await expect(window.getByTestId('chart-cpu').locator('svg path').first()).toBeVisible({ timeout: 20_000 });

  // A failure's code survives the contextBridge (electron/electron#25596): the preload answers with data.
  const child = spawn('true');
  await once(child, 'exit');
  const answer = await window.evaluate(
    (pid) => (window as unknown as { triage: { call(name: string, input: unknown): Promise<unknown> } }).triage.call('core.status', { pid }),
    child.pid!,
  );
  expect(answer).toEqual({ ok: false, error: { code: 'ESRCH', message: `No process with id ${child.pid} is running.` } });
  await app.close();
});
