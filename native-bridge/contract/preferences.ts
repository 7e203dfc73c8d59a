import * as z from 'zod';
import { method } from './define.js';

/**
 * UI choices that must outlive a launch (theme, the process table's columns and sort, core folders).
 * Web mode gets a new random port, hence a new browser origin and an empty localStorage, each
 * launch; so the backend keeps them in $XDG_CONFIG_HOME/triage/preferences.json for every transport.
 * Values are opaque strings that each feature parses defensively, like localStorage values.
 */
export const PREFERENCE_KEYS = ['triage.theme', 'triage.core.folders', 'triage.processes.view'] as const;
export const PreferenceKey = z.enum(PREFERENCE_KEYS);
export type PreferenceKey = z.infer<typeof PreferenceKey>;

export const MAX_PREFERENCE_CHARS = 16_384;
export const PreferenceValue = z.string().max(MAX_PREFERENCE_CHARS);

export const Preferences = z.partialRecord(PreferenceKey, PreferenceValue);
export type Preferences = z.infer<typeof Preferences>;

export const preferencesContract = {
  'preferences.get': method({ input: z.lazy(() => z.object({}).strict()), output: Preferences }),
  /** A null value forgets the key (back to the feature's default). Returns every preference after the change. */
  'preferences.set': method({
    input: z.lazy(() => z.object({ key: PreferenceKey, value: PreferenceValue.nullable() }).strict()),
    output: Preferences,
  }),
} as const;
