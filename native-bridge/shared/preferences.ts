import { PREFERENCE_KEYS, PreferenceValue, type PreferenceKey, type Preferences } from '../contract/preferences.js';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

const FILE = 'preferences.json';

/** Keeps what is valid of a file on disk: one damaged entry must not cost the user the others. */
function sanitize(raw: unknown): Preferences {
  const out: Preferences = {};
  if (raw === null || typeof raw !== 'object') return out;
  for (const key of PREFERENCE_KEYS) {
    const parsed = PreferenceValue.safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out;
}

/** The UI's lasting choices in $XDG_CONFIG_HOME/triage/preferences.json, written whole on every change. */
export class PreferenceStore {
  private values: Preferences;

  constructor(private readonly configDir: string) {
    this.values = sanitize(readJsonFile(configDir, FILE));
  }

  all(): Preferences {
    return { ...this.values };
  }

  /** Writes to disk before answering, so a choice the UI saw accepted survives a crash; a failed write changes nothing. */
  set(key: PreferenceKey, value: string | null): Preferences {
    const next = { ...this.values };
    if (value === null) delete next[key];
    else next[key] = value;
    writeJsonFileAtomic(this.configDir, FILE, next);
    this.values = next;
    return this.all();
  }
}
