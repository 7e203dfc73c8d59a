import { _electron as electron, expect, test } from '@playwright/test';
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
  await app.close();
});
