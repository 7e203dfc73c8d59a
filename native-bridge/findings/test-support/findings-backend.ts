import type { FindingsReport, RuleId } from '../../contract/findings.js';
import { connectTestClient } from '../../../test-support/real-backend.js';
import type { RuleThresholds } from '../thresholds.js';

/**
 * The real backend with threshold overrides in its own config dir (tests shorten minimum durations so a
 * real condition becomes a finding in seconds), subscribed to `findings.stream`.
 */
export function findingsBackend(overrides: Partial<Record<RuleId, Partial<RuleThresholds>>>) {
  const { client, close } = connectTestClient({ mode: 'cli', prefix: 'triage-findings-', files: { 'findings.json': JSON.stringify(overrides) } });
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
    },
  };
}
