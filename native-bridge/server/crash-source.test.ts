import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../contract/findings.js';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../core/test-support/crash-programs.js';
import { FindingsEngine } from '../findings/engine.js';
import type { KernelEvent } from '../findings/kernel-log.js';
import type { CrashReading } from '../findings/observation.js';
import { observation } from '../findings/test-support/observations.js';
import { crashSource } from './crash-source.js';

let dir: string | undefined;
let produced: ProducedCore;

beforeAll(async () => {
  dir = await makeTempDir('triage-crash-rule-');
  const exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
}, 60_000);

afterAll(async () => {
  await removeDir(dir);
});

function judge(crashes: CrashReading, now: number, kernel: KernelEvent[] = []): FindingsReport {
  return new FindingsEngine().evaluate(observation(now, { startedAt: now - 1000, crashes, kernel }));
}

const source = (folders: string[], varCrash = join(dir!, 'no-var-crash')) => crashSource({ folders, varCrash, coredumpctlPath: null });

/**
 * Hand-written from apport's report format (Key: value lines, continuation lines indented, the base64
 * CoreDump last), dated `date`: a real one comes from apport, which this machine does not run.
 */
function apportReport(date: Date, pid: number): string {
  return [
    'ProblemType: Crash',
    `Date: ${date.toUTCString().replace('GMT', '').replace(',', '')}`,
    'ExecutablePath: /usr/bin/crashy',
    'ProcCmdline: crashy --serve',
    'ProcStatus:',
    ` Name:\tcrashy`,
    ` Pid:\t${pid}`,
    'Signal: 11',
    'CoreDump: base64',
    ' H4sICAAAAAAC/0NvcmVEdW1wAA==',
    '',
  ].join('\n');
}

describe('recent-crash over real crash reports', () => {
  it('a program that really crashed in a watched folder is one finding naming it, its pid and signal, opening its core', async () => {
    const now = Date.now();
    const reading = await source([dir!])(now);
    const report = judge(reading, now);
    const finding = report.findings.find((f) => f.rule === 'recent-crash');
    expect(finding?.sentence).toMatch(/^crash-parse \(pid \d+\) crashed with SIGSEGV at \d\d:\d\d/);
    if (produced.madeBy === 'kernel') expect(finding?.sentence).toContain(`(pid ${produced.pid})`);
    expect(finding?.sentence).toContain(produced.corePath);
    expect(finding?.next).toEqual({ label: 'Open this core in the Core view', view: 'cores', target: null, filter: { text: produced.corePath } });
    expect(finding?.evidence[0]).toMatchObject({ label: 'crash reports in the last hour', value: 1 });
  });

  it("the kernel's segfault line for the same crash is not a second finding; another program's still is", async () => {
    const now = Date.now();
    const reading = await source([dir!])(now);
    const core = reading.crashes.find((c) => c.path === produced.corePath)!;
    const line = (pid: number, name: string): KernelEvent => ({ kind: 'segfault', time: core.timeMs!, pid, name, text: `${name}[${pid}]: segfault at 0 ip 0 sp 0 error 6 in crash-parse[1000+1000]` });
    const same = judge(reading, now, [line(core.pid!, 'crash-parse')]);
    expect(same.findings.map((f) => f.rule)).toEqual(['recent-crash']);
    const other = judge(reading, now, [line(core.pid! + 1, 'other-program')]);
    expect(other.findings.map((f) => f.rule).sort()).toEqual(['recent-crash', 'segfault']);
  });

  it('an apport report in /var/crash (a stand-in folder) names the program, pid and signal and points at the Crashes tab', async () => {
    const varCrash = join(dir!, 'var-crash');
    mkdirSync(varCrash);
    const now = Date.now();
    writeFileSync(join(varCrash, '_usr_bin_crashy.0.crash'), apportReport(new Date(now - 5 * 60_000), 4242));
    const finding = judge(await source([], varCrash)(now), now).findings.find((f) => f.rule === 'recent-crash');
    expect(finding?.sentence).toMatch(/^crashy \(pid 4242\) crashed with SIGSEGV at .* and left an apport report, .*_usr_bin_crashy\.0\.crash\.$/);
    expect(finding?.next).toEqual({ label: 'Open Crashes to see how to extract its core', view: 'cores', target: null });
  });

  it('a crash two hours old is no finding, and the check passed', async () => {
    const old = join(dir!, 'old');
    mkdirSync(old);
    const oldCore = join(old, 'core.old');
    copyFileSync(produced.corePath, oldCore);
    const twoHoursAgo = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(oldCore, twoHoursAgo, twoHoursAgo);
    const now = Date.now();
    const report = judge(await source([old])(now), now);
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.rule === 'recent-crash')?.status).toBe('passed');
  });

  it('searches again only when a folder changed', async () => {
    const watched = join(dir!, 'watched');
    mkdirSync(watched);
    const search = source([watched]);
    const now = Date.now();
    const first = await search(now);
    expect(first.crashes).toEqual([]);
    expect(await search(now + 30_000)).toBe(first);
    writeFileSync(join(watched, '_usr_bin_crashy.0.crash'), apportReport(new Date(now), 77));
    const later = await search(now + 60_000);
    expect(later).not.toBe(first);
    expect(later.crashes.map((c) => c.pid)).toEqual([77]);
  });

  it('a folder Triage may not read is a check that could not run, not "no crash"', () => {
    const locked = join(dir!, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'core.1'), '');
    chmodSync(locked, 0o000);
    chmodSync(dir!, 0o755);
    const script = join(dir!, 'probe.mts');
    writeFileSync(
      script,
      `import { crashSource } from ${JSON.stringify(join(import.meta.dirname, 'crash-source.ts'))};
process.stdout.write(JSON.stringify(await crashSource({ folders: [${JSON.stringify(locked)}], varCrash: '/nonexistent', coredumpctlPath: null })(Date.now())));`,
    );
    chmodSync(script, 0o644);
    // Root reads any folder: the check needs an unprivileged process (nobody).
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '..', '..'), uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir! } });
    expect(run.stderr).toBe('');
    const reading = JSON.parse(run.stdout) as CrashReading;
    expect(reading.unreadable).toEqual([{ where: locked, message: 'Triage may not read this folder.' }]);
    const report = judge(reading, Date.now());
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.rule === 'recent-crash')).toMatchObject({ status: 'unavailable', why: `could not search ${locked} (Triage may not read this folder.)` });
  });
});
