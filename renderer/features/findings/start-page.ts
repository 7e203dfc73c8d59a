import type { FindingsReport } from '../../../native-bridge/contract/findings.js';

/** After this long the start page is settled even if a source never answered: a user is never moved later. */
export const START_DECISION_MS = 15_000;

export type StartDecision = 'open-findings' | 'stay' | 'undecided';

/**
 * Whether Triage, opened without a page, should start on Findings. The first report usually comes before
 * the slower readings (filesystems, crash reports), so a report that is still waiting for some cannot say
 * "nothing serious": the decision stays open until one is serious, the report is complete, the user has
 * chosen a page, or START_DECISION_MS have passed.
 */
export function decideStartPage(report: FindingsReport, hash: string, msSinceFirstReport: number): StartDecision {
  if (hash !== '') return 'stay';
  if (report.findings.some((f) => f.severity === 'serious')) return 'open-findings';
  if (report.waitingFor.length === 0 || msSinceFirstReport >= START_DECISION_MS) return 'stay';
  return 'undecided';
}
