import { describe, expect, it } from 'vitest';
import type { Finding, FindingsReport } from '../../../native-bridge/contract/findings.js';
import { decideStartPage, START_DECISION_MS } from './start-page.js';

const diskFull: Finding = {
  key: 'disk-full:/mnt',
  rule: 'disk-full',
  severity: 'serious',
  sentence: '/mnt is 98 % full',
  since: 0,
  evidence: [],
  series: [],
  culprits: [],
  next: null,
};
const report = (findings: Finding[], waitingFor: string[]): FindingsReport => ({ time: 1, observedMs: 0, findings, checks: [], waitingFor });

describe('the start page when Triage opens without one', () => {
  it('waits while a report is incomplete and nothing is serious yet: the filesystems may still answer', () => {
    expect(decideStartPage(report([], ['the filesystems']), '', 0)).toBe('undecided');
  });

  it('opens Findings when the later, complete report has a serious finding', () => {
    expect(decideStartPage(report([diskFull], []), '', 2000)).toBe('open-findings');
  });

  it('opens Findings at once when a serious finding comes before every source answered', () => {
    expect(decideStartPage(report([diskFull], ['the crash reports']), '', 0)).toBe('open-findings');
  });

  it('stays on the default page when the complete report has nothing serious', () => {
    expect(decideStartPage(report([{ ...diskFull, severity: 'warning' }], []), '', 0)).toBe('stay');
  });

  it('never moves a user who already chose a page', () => {
    expect(decideStartPage(report([diskFull], []), '#/processes', 0)).toBe('stay');
  });

  it('settles after the deadline even if a source never answers, so nobody is moved minutes later', () => {
    expect(decideStartPage(report([], ['the systemd units']), '', START_DECISION_MS - 1)).toBe('undecided');
    expect(decideStartPage(report([], ['the systemd units']), '', START_DECISION_MS)).toBe('stay');
  });
});
