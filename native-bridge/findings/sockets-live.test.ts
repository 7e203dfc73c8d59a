// The socket rules in the running backend, in real time: the network live view counts real sockets, the server
// hands the counts to the findings service, and findings.stream says what the engine concluded.
import { afterEach, describe, expect, it } from 'vitest';
import type { FindingsReport, RuleId } from '../contract/findings.js';
import { NetPeers } from '../netfiles/test-support/net-peers.js';
import { connectTestClient } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';
import type { RuleThresholds } from './thresholds.js';

const peers = new NetPeers();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  peers.stopAll();
});

/** The real backend with threshold overrides (as findings.json holds them), every report it streams kept. */
function watchFindings(overrides: Partial<Record<RuleId, Partial<RuleThresholds>>>) {
  const { client, close } = connectTestClient({ mode: 'cli', prefix: 'triage-socket-rules-', files: { 'findings.json': JSON.stringify(overrides) } });
  const reports: FindingsReport[] = [];
  const stop = client.subscribe('findings.stream', {}, { next: (report) => reports.push(report) });
  closers.push(() => {
    stop();
    close();
  });
  return reports;
}

const closeWaitAbout = (report: FindingsReport, pid: number) => report.findings.find((f) => f.rule === 'close-wait' && f.culprits.some((c) => c.pid === pid));
const countIn = (report: FindingsReport, pid: number): number => closeWaitAbout(report, pid)?.evidence[0]?.value ?? 0;

describe('socket findings in the running backend', () => {
  it('a pile-up becomes a finding once it has held, stays while it lasts, and after it ends stays for the clear time, then goes', async () => {
    const holdMs = 1500;
    const clearMs = 3000;
    const reports = watchFindings({ 'close-wait': { warn: 6, minMs: holdMs, clearMs } });
    const peer = peers.start('close-wait', 6);
    await peer.ready;
    await until(() => reports.slice(-4).filter((r) => closeWaitAbout(r, peer.pid)).length === 4, 'four reports in a row with the finding');
    const flagged = reports.find((r) => closeWaitAbout(r, peer.pid))!;
    const since = closeWaitAbout(flagged, peer.pid)!.since;
    expect(countIn(flagged, peer.pid)).toBe(6);
    // No report showed it before the condition had held for the minimum duration.
    for (const r of reports) if (closeWaitAbout(r, peer.pid)) expect(r.time - since).toBeGreaterThanOrEqual(holdMs);

    expect(await peer.ask('close')).toBe('closed');
    const closedAt = Date.now();
    const from = reports.length;
    await until(() => reports.length > from && !closeWaitAbout(reports.at(-1)!, peer.pid), 'the finding to clear');
    const goneAt = reports.findIndex((r, i) => i >= from && !closeWaitAbout(r, peer.pid));
    // It stayed for the clear time after the sockets went (the last count that held is at most a tick before the close).
    expect(reports[goneAt]!.time - closedAt).toBeGreaterThanOrEqual(clearMs - 1500);
    // Straight from shown to gone. While it clears the report does not change, so the page may get no copy in between
    // (an unchanged report is sent again only after 10 s): the report before is the last one from before the close.
    expect(closeWaitAbout(reports[goneAt - 1]!, peer.pid)).toBeDefined();
  });

  it('a finding about a process that exits goes at the next report, though its clear time is ten minutes', async () => {
    const reports = watchFindings({ 'close-wait': { warn: 6, minMs: 1000, clearMs: 600_000 } });
    const peer = peers.start('close-wait', 6);
    await peer.ready;
    await until(() => reports.length > 0 && closeWaitAbout(reports.at(-1)!, peer.pid) !== undefined, 'the finding');
    process.kill(peer.pid, 'SIGKILL');
    await until(() => !closeWaitAbout(reports.at(-1)!, peer.pid), 'the finding to go with its process');
  });

  it('a handful of CLOSE_WAIT sockets in a burst is never a finding (default thresholds); the rule says it judged', async () => {
    const reports = watchFindings({});
    const peer = peers.start('close-wait', 3);
    await peer.ready;
    const checked = (r: FindingsReport) => r.checks.find((c) => c.rule === 'close-wait');
    await until(() => reports.length > 0 && checked(reports.at(-1)!)?.status === 'passed', 'the close-wait check to pass on a socket count');
    await peer.ask('close');
    const settled = reports.length;
    await until(() => reports.length >= settled + 3, 'three more reports');
    expect(reports.filter((r) => closeWaitAbout(r, peer.pid))).toEqual([]);
    // Before the first count it said so: "collecting", never "passed".
    const first = reports.find((r) => checked(r)?.status !== 'collecting');
    expect(reports.slice(0, reports.indexOf(first!)).map((r) => checked(r)?.why)).toEqual(reports.slice(0, reports.indexOf(first!)).map(() => 'no socket count yet'));
  });
});
