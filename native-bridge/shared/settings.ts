import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IntervalMs } from '../contract/system.js';

export const Settings = z.object({ intervalMs: IntervalMs.default(1000) });
export type Settings = z.infer<typeof Settings>;

/** Settings live in $XDG_CONFIG_HOME/triage/settings.json; a damaged file falls back to defaults. */
export function loadSettings(configDir: string): Settings {
  try {
    return Settings.parse(JSON.parse(readFileSync(join(configDir, 'settings.json'), 'utf8')));
  } catch {
    return Settings.parse({});
  }
}

export function saveSettings(configDir: string, settings: Settings): void {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const file = join(configDir, 'settings.json');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(settings, null, 2), { mode: 0o600, flag: 'w' });
  renameSync(temp, file);
}
