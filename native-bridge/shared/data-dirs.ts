import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DataDirs {
  /** Settings ($XDG_CONFIG_HOME/triage). */
  config: string;
  /** Logs, the audit log, history ($XDG_STATE_HOME/triage). */
  state: string;
}

/** XDG base directories, with the spec's fallbacks; only absolute XDG values count, as the spec says. */
export function dataDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): DataDirs {
  const pick = (value: string | undefined, fallback: string): string =>
    value && value.startsWith('/') ? value : fallback;
  return {
    config: join(pick(env.XDG_CONFIG_HOME, join(home, '.config')), 'triage'),
    state: join(pick(env.XDG_STATE_HOME, join(home, '.local', 'state')), 'triage'),
  };
}
