import { z } from 'zod';
import { IntervalMs } from '../contract/system.js';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

export const Settings = z.object({ intervalMs: IntervalMs.default(1000) });
export type Settings = z.infer<typeof Settings>;

/** Settings live in $XDG_CONFIG_HOME/triage/settings.json; a damaged file falls back to defaults. */
export function loadSettings(configDir: string): Settings {
  const parsed = Settings.safeParse(readJsonFile(configDir, 'settings.json'));
  return parsed.success ? parsed.data : Settings.parse({});
}

export function saveSettings(configDir: string, settings: Settings): void {
  writeJsonFileAtomic(configDir, 'settings.json', settings);
}
