import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract } from '../../contract/index.js';
import type { FindingsReport, RuleId } from '../../contract/findings.js';
import { createBackend } from '../../server/backend.js';
import { createSystemCollector } from '../../platform/system-collector.js';
import { createInProcessClient } from '../../server/transports/in-process.js';
import type { RuleThresholds } from '../thresholds.js';

/**
 * The real backend with threshold overrides in its own config dir (tests shorten minimum durations so a
 * real condition becomes a finding in seconds), subscribed to `findings.stream`.
 */
export function findingsBackend(overrides: Partial<Record<RuleId, Partial<RuleThresholds>>>) {
  const configDir = mkdtempSync(join(tmpdir(), 'triage-findings-'));
  writeFileSync(join(configDir, 'findings.json'), JSON.stringify(overrides));
  const backend = createBackend({ mode: 'cli', system: createSystemCollector(), configDir, stateDir: configDir, auditPath: join(configDir, 'audit.jsonl') });
  const { client, close } = createInProcessClient(contract, backend.implementation);
  let latest: FindingsReport | null = null;
  const stop = client.subscribe('findings.stream', {}, { next: (report) => (latest = report) });
  return {
    latest: () => latest,
    /** The finding of `rule` that names `pid` as culprit (or in its key), if any. */
    findingFor(rule: RuleId, pid: number) {
      return latest?.findings.find((f) => f.rule === rule && (f.culprits.some((c) => c.pid === pid) || f.key.includes(`:${pid}:`) || f.sentence.includes(`pid ${pid}`)));
    },
    close() {
      stop();
      close();
      backend.close();
    },
  };
}
