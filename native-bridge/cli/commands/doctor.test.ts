import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FindingsReport } from '../../contract/findings.js';
import { NetPeers } from '../../netfiles/test-support/net-peers.js';

const repo = join(import.meta.dirname, '..', '..', '..');

/** Runs doctor with its own config dir, holding `findingsJson` as the threshold overrides when given. */
function doctorWith(findingsJson: string | null, ...args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'triage-doctor-'));
  if (findingsJson !== null) {
    mkdirSync(join(home, 'triage'));
    writeFileSync(join(home, 'triage', 'findings.json'), findingsJson);
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'doctor', ...args], {
    encoding: 'utf8',
    cwd: repo,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, pid: result.pid };
}

const doctor = (...args: string[]) => doctorWith(null, ...args);
const peers = new NetPeers();
afterAll(() => peers.stopAll());

describe('triage doctor', () => {
  it('--json prints the report; the exit status says whether anything is serious; it never names itself', () => {
    const r = doctor('--json', '--duration', '2s');
    const report = FindingsReport.parse(JSON.parse(r.stdout));
    expect(r.code).toBe(report.findings.some((f) => f.severity === 'serious') ? 1 : 0);
    expect(report.checks.map((c) => c.rule)).toContain('cpu-saturated');
    // The last report is the last sample tick of the 2 s watch: at least one tick after the start.
    expect(report.observedMs).toBeGreaterThanOrEqual(900);
    expect(report.findings.flatMap((f) => f.culprits.map((c) => c.pid))).not.toContain(r.pid);
    // What this machine lacks is said, never passed: no systemd here, and the clock is read in the 2 s.
    if (!existsSync('/run/systemd/system')) {
      expect(report.checks.find((c) => c.rule === 'unit-failed')).toMatchObject({ status: 'unavailable', why: expect.stringMatching(/^systemd is not running on this machine/) });
    }
    expect(report.checks.find((c) => c.rule === 'clock-unsynced')?.status).not.toBe('collecting');
    // Growth cannot be judged in 2 s, and doctor says so rather than "passed".
    expect(report.checks.find((c) => c.rule === 'memory-leak')).toMatchObject({ status: 'collecting', why: expect.stringMatching(/^growth needs 30 s of memory samples/) });
  });

  it('text: findings, then what passed and what could not be judged', () => {
    const r = doctor('--duration', '1s');
    expect(r.stdout).toMatch(/^Nothing (else )?looks wrong \(\d+ checks? passed/m);
    expect(r.stdout).toMatch(/^Could not judge yet \(watch longer with --duration\):\n( {2}- .*\n)* {2}- A process keeps growing: growth needs 30 s/m);
  });

  it('names the process holding a CLOSE_WAIT pile-up, with the peer, and links to its sockets (the rule made quick through findings.json)', async () => {
    const holder = peers.start('close-wait', 6);
    await holder.ready;
    const r = doctorWith(JSON.stringify({ 'close-wait': { warn: 5, minMs: 1000 } }), '--json', '--duration', '8s');
    const report = FindingsReport.parse(JSON.parse(r.stdout));
    const finding = report.findings.find((f) => f.rule === 'close-wait' && f.culprits.some((c) => c.pid === holder.pid));
    expect(finding?.sentence).toMatch(new RegExp(`^python3 \\(pid ${holder.pid}\\) holds 6 connections its peers have closed \\(most with 127\\.0\\.0\\.1:\\d+\\)`));
    expect(finding?.next).toMatchObject({ view: 'network', filter: { state: 'CLOSE_WAIT', text: String(holder.pid) } });
    // The text report says the same sentence.
    const text = doctorWith(JSON.stringify({ 'close-wait': { warn: 5, minMs: 1000 } }), '--duration', '8s');
    expect(text.stdout).toContain(`python3 (pid ${holder.pid}) holds 6 connections its peers have closed`);
  });

  it('a bad option or argument is a usage error (2)', () => {
    expect(doctor('--duration', 'soon').code).toBe(2);
    expect(doctor('extra').code).toBe(2);
  });
});
