import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend } from '../backend.js';
import { createSystemCollector } from '../../platform/system-collector.js';

/** The real backend on this machine's /proc, with settings in a throwaway config dir. */
export function realBackend(): Backend {
  const configDir = mkdtempSync(join(tmpdir(), 'triage-config-'));
  return createBackend({ mode: 'web', system: createSystemCollector(), configDir, stateDir: configDir, auditPath: join(configDir, 'audit.jsonl') });
}
