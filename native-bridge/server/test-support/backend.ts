import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend } from '../backend.js';
import { createSystemSource } from '../system-source.js';

/** The real backend on this machine's /proc, with settings in a throwaway config dir. */
export function realBackend(): Backend {
  const configDir = mkdtempSync(join(tmpdir(), 'triage-config-'));
  return createBackend({ mode: 'web', system: createSystemSource(), configDir, stateDir: configDir, auditPath: join(configDir, 'audit.jsonl') });
}
