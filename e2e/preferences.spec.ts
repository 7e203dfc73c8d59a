import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startTriageWeb } from './web-server.js';

// A launch of web mode may get another port (its usual one taken), hence a new origin with an empty
// localStorage: choices must come back from the backend's preferences file, not from the browser. The
// second launch here is on another port on purpose (--port 0: any free one), so the browser cannot help.
test('a theme and table columns chosen in one launch of web mode are there in the next one', async ({ page }) => {
  const configHome = mkdtempSync(join(tmpdir(), 'triage-e2e-prefs-'));
  try {
    const first = await startTriageWeb({ XDG_CONFIG_HOME: configHome });
    let target: 'light' | 'dark';
    try {
      await page.goto(first.url);
      const before = await page.locator('html').getAttribute('data-theme');
      target = before === 'dark' ? 'light' : 'dark';
      await page.getByTestId(`theme-${target}`).click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', target);
      await page.getByTestId('nav-processes').click();
      await page.getByTestId('column-chooser').locator('summary').click();
      await page.getByTestId('column-toggle-ppid').check();
      await expect(page.getByTestId('sort-ppid')).toBeVisible();
      // The choices are on disk before the next launch reads them.
      const saved = () => readFileSync(join(configHome, 'triage', 'preferences.json'), 'utf8');
      await expect.poll(saved).toContain(`"triage.theme": "${target}"`);
      await expect.poll(saved).toContain('ppid');
    } finally {
      await first.stop();
    }

    const second = await startTriageWeb({ XDG_CONFIG_HOME: configHome }, ['--port', '0']);
    try {
      expect(second.port).not.toBe(first.port);
      await page.goto(second.url);
      await expect(page.locator('html')).toHaveAttribute('data-theme', target);
      await expect(page.getByTestId(`theme-${target}`)).toHaveAttribute('aria-checked', 'true');
      await page.getByTestId('nav-processes').click();
      await expect(page.getByTestId('sort-ppid')).toBeVisible();
      // Back to following the OS: the key is forgotten, not stored as a value.
      await page.getByTestId('theme-auto').click();
      await expect.poll(() => readFileSync(join(configHome, 'triage', 'preferences.json'), 'utf8')).not.toContain('triage.theme');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
});
