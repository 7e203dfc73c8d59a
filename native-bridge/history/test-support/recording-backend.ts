import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../server/backend.js';
import { createSystemCollector } from '../../platform/system-collector.js';

export interface RecordingBackendOptions {
  flushMs?: number;
  resumeFreeBytes?: number;
  onNotice: (sentence: string) => void;
  onError?: (error: unknown) => void;
}

/**
 * The real backend recording into `stateDir`, sampling every 500 ms (the fastest the settings allow, so a test
 * sees many samples in a few seconds) and writing every `flushMs`.
 */
export function recordingBackend(stateDir: string, options: RecordingBackendOptions): Backend {
  const configDir = join(stateDir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'settings.json'), JSON.stringify({ intervalMs: 500 }));
  return createBackend({
    mode: 'cli',
    record: true,
    system: createSystemCollector(),
    configDir,
    stateDir,
    auditPath: join(stateDir, 'audit.jsonl'),
    historyTuning: { flushMs: options.flushMs ?? 1000, resumeFreeBytes: options.resumeFreeBytes },
    onNotice: options.onNotice,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
