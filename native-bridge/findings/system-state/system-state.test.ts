/**
 * Clock synchronisation read for real on this machine (checked against adjtimex(2) called from C), and the
 * systemd unit findings on systemctl outputs in systemd 252's format (test-support/fixtures/systemd: this
 * machine runs no systemd, so here the checks must say so rather than pass).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsReport, RuleId } from '../../contract/findings.js';
import { FindingsEngine } from '../engine.js';
import type { Observation } from '../observation.js';
import { observation } from '../test-support/observations.js';
import { parseAdjtimex, parseTimedatectl, readClockStatus } from './clock.js';
import { failedWithDetails, parseFailedUnits, parseShow, readUnits, servicesOf, type UnitsReading } from './systemd.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-support', 'fixtures', 'systemd');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const T0 = 1_778_144_000_000;

function unitsAt(time: number, show: string): UnitsReading {
  const parsed = parseShow(fixture(show));
  return { time, failed: failedWithDetails(parseFailedUnits(fixture('list-units-failed.json')) ?? [], parsed), services: servicesOf(parsed) };
}

function evaluate(over: Partial<Observation>, now = T0): FindingsReport {
  return new FindingsEngine().evaluate({ ...observation(now), startedAt: now, ...over });
}
const check = (r: FindingsReport, rule: RuleId) => r.checks.find((c) => c.rule === rule);

describe('clock', () => {
  it('parses the adjtimex answer and timedatectl', () => {
    expect(parseAdjtimex('5 64 16000000\n')).toEqual({ synchronised: false, via: 'adjtimex', ntpEnabled: null, maxErrorMs: 16_000 });
    expect(parseAdjtimex('0 8193 48000\n')).toMatchObject({ synchronised: true, maxErrorMs: 48 });
    expect(parseAdjtimex('Traceback (most recent call last):')).toBeNull();
    expect(parseTimedatectl('NTPSynchronized=no\nNTP=no\n')).toEqual({ synchronised: false, via: 'timedatectl', ntpEnabled: false, maxErrorMs: null });
    expect(parseTimedatectl('NTP=yes\nNTPSynchronized=yes\n')?.synchronised).toBe(true);
  });

  it("reads this machine's clock status as the kernel keeps it (compared with adjtimex called from C)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-adjtimex-'));
    writeFileSync(
      join(dir, 'a.c'),
      '#include <stdio.h>\n#include <sys/timex.h>\nint main(void) { struct timex t = {0}; int s = adjtimex(&t); printf("%d %d %ld\\n", s, t.status, t.maxerror); return 0; }\n',
    );
    execFileSync('gcc', ['-o', join(dir, 'a'), join(dir, 'a.c')]);
    const oracle = parseAdjtimex(execFileSync(join(dir, 'a'), { encoding: 'utf8' }));
    const status = await readClockStatus();
    if ('unavailable' in status) throw new Error(`expected a reading on this machine: ${status.unavailable}`);
    expect(status.synchronised).toBe(oracle?.synchronised);
    // Without systemd the kernel's own flag is read; with it, timedatectl answers.
    expect(status.via).toBe(existsSync('/run/systemd/system') ? 'timedatectl' : 'adjtimex');
  });

  it('without timedatectl or python3 it says it could not run, and why', async () => {
    const status = await readClockStatus({ path: '/nonexistent', systemdMarker: '/nonexistent' });
    expect(status).toEqual({ unavailable: expect.stringMatching(/^could not run: only the adjtimex system call .* timedatectl needs systemd, which is not running on this machine, and python3, .* \(python3 is not installed\)$/) });
    expect(check(evaluate({ clock: status }), 'clock-unsynced')).toMatchObject({ status: 'unavailable', why: expect.stringMatching(/^could not run/) });
  });

  it('an unsynchronised clock is worth a look; a synchronised one passes', () => {
    const report = evaluate({ clock: parseAdjtimex('5 64 16000000') });
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['clock-unsynced', 'warning']]);
    expect(report.findings[0]?.sentence).toMatch(/^The system clock is not synchronised with a time server \(the kernel's STA_UNSYNC flag is set and its error estimate is 16 s/);
    expect(check(evaluate({ clock: parseAdjtimex('0 8193 48000') }), 'clock-unsynced')?.status).toBe('passed');
  });
});

describe('systemd units (systemctl outputs in systemd 252 format)', () => {
  it('parses the failed list and the show blocks', () => {
    const reading = unitsAt(T0, 'show-first.txt');
    expect(reading.failed).toEqual([
      { unit: 'nginx.service', description: 'A high performance web server and a reverse proxy server', result: 'exit-code', sinceMs: 1_778_140_352_000 },
      { unit: 'var-backup.mount', description: '/var/backup', result: 'exit-code', sinceMs: 1_778_135_020_000 },
    ]);
    expect(reading.services.map((s) => [s.id, s.nRestarts])).toEqual([
      ['cron.service', 0],
      ['nginx.service', 0],
      ['ssh.service', 0],
      ['queue-worker.service', 14],
    ]);
    expect(parseFailedUnits('Failed to connect to bus')).toBeNull();
  });

  it('each failed unit is a finding dated from its failure', () => {
    const report = evaluate({ units: [unitsAt(T0, 'show-first.txt')] });
    const failed = report.findings.filter((f) => f.rule === 'unit-failed');
    expect(failed.map((f) => [f.key, f.since])).toEqual([
      ['unit-failed:var-backup.mount', 1_778_135_020_000],
      ['unit-failed:nginx.service', 1_778_140_352_000],
    ]);
    expect(failed[1]?.sentence).toMatch(/^The systemd unit nginx\.service \(A high performance web server and a reverse proxy server\) has failed since .* \(exit-code\)\. Its log: journalctl -u nginx\.service/);
  });

  it('a restart count rising names the unit; one read cannot tell yet; steady counts pass', () => {
    expect(check(evaluate({ units: [unitsAt(T0, 'show-first.txt')] }), 'unit-restarting')?.status).toBe('collecting');
    const rising = evaluate({ units: [unitsAt(T0 - 60_000, 'show-first.txt'), unitsAt(T0, 'show-later.txt')] });
    const restarting = rising.findings.find((f) => f.rule === 'unit-restarting');
    expect(restarting?.severity).toBe('warning');
    expect(restarting?.sentence).toMatch(/^The systemd unit queue-worker\.service keeps restarting: 3 restarts in the last 1 min \(17 restarts since it was last started by hand\)/);
    const steady = evaluate({ units: [unitsAt(T0 - 60_000, 'show-first.txt'), unitsAt(T0, 'show-first.txt')] });
    expect(check(steady, 'unit-restarting')?.status).toBe('passed');
  });

  it('on this machine, without systemd, both unit checks say systemd is not running here', async () => {
    if (existsSync('/run/systemd/system')) throw new Error('this test describes a machine without systemd; this one runs it');
    const units = await readUnits(T0);
    expect(units).toEqual({ unavailable: 'systemd is not running on this machine (no /run/systemd/system), so there are no units to check' });
    const report = evaluate({ units: 'unavailable' in units ? units : [units] });
    for (const rule of ['unit-failed', 'unit-restarting'] as const) expect(check(report, rule)?.status).toBe('unavailable');
  });
});
