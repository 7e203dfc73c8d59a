import * as z from 'zod';
import { IntervalMs } from '../contract/system.js';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

const MiB = 1024 * 1024;

/** The history recorder: on by default whenever the backend runs (the app, web mode, `triage record`). */
export const HistorySettings = z.object({
  enabled: z.boolean().default(true),
  /** Everything older is pruned, oldest first. */
  retentionDays: z.number().min(1).max(90).default(7),
  /** The database's size cap; the oldest data goes first when it is reached. */
  maxBytes: z.number().int().min(16 * MiB).max(64 * 1024 * MiB).default(512 * MiB),
});
export type HistorySettings = z.infer<typeof HistorySettings>;

/** The app's /metrics exporter, as last turned on in the Recording panel (the token stays in its file). */
export const MetricsExportSetting = z.object({ address: z.string(), tokenFile: z.string().optional() });
export type MetricsExportSetting = z.infer<typeof MetricsExportSetting>;

export const Settings = z.object({
  intervalMs: IntervalMs.default(1000),
  history: HistorySettings.default(HistorySettings.parse({})),
  /** null: off. */
  metricsExport: MetricsExportSetting.nullable().default(null),
});
export type Settings = z.infer<typeof Settings>;

/** Settings live in $XDG_CONFIG_HOME/triage/settings.json; a damaged file falls back to defaults. */
export function loadSettings(configDir: string): Settings {
  const parsed = Settings.safeParse(readJsonFile(configDir, 'settings.json'));
  return parsed.success ? parsed.data : Settings.parse({});
}

export function saveSettings(configDir: string, settings: Settings): void {
  writeJsonFileAtomic(configDir, 'settings.json', settings);
}

/** Changes some settings in the file as it is now (another choice saved since this process started is kept). */
export function updateSettings(configDir: string, change: Partial<Settings>): void {
  saveSettings(configDir, { ...loadSettings(configDir), ...change });
}
