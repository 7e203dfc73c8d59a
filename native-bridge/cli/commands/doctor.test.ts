import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsReport } from '../../contract/findings.js';

const repo = join(import.meta.dirname, '..', '..', '..');

function doctor(...args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'triage-doctor-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'doctor', ...args], {
    encoding: 'utf8',
    cwd: repo,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, pid: result.pid };
}

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

  it('a bad option or argument is a usage error (2)', () => {
    expect(doctor('--duration', 'soon').code).toBe(2);
    expect(doctor('extra').code).toBe(2);
  });
});
