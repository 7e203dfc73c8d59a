import { describe, expect, it } from 'vitest';
import type { CrashEntry } from '../contract/core.js';
import type { FindingsReport, RuleId } from '../contract/findings.js';
import { FindingsEngine } from './engine.js';
import type { CrashReading, Observation } from './observation.js';
import { filesystem, observation, row, sample } from './test-support/observations.js';

/** Runs the engine once a second for `seconds` over observations made by `at`, returning the last report. */
function watch(seconds: number, at: (now: number) => Partial<Observation>): FindingsReport {
  const engine = new FindingsEngine();
  let report: FindingsReport | null = null;
  for (let s = 0; s <= seconds; s++) {
    const now = 1_000_000 + s * 1000;
    report = engine.evaluate({ ...observation(now), startedAt: 1_000_000, ...at(now) });
  }
  return report as FindingsReport;
}

const rules = (r: FindingsReport): RuleId[] => r.findings.map((f) => f.rule);
const status = (r: FindingsReport, rule: RuleId) => r.checks.find((c) => c.rule === rule)?.status;

describe('CPU saturated', () => {
  const hog = row({ pid: 4411, name: 'ffmpeg', cpu: 120 });
  const busy = (now: number, busyPct: number, psi = 45): Partial<Observation> => ({
    system: [sample(now, { busy: busyPct, psiCpu: psi })],
    processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [hog, row({ cpu: 70, name: 'ffmpeg' })] },
  });

  it('names the culprits and the pressure once it lasted 30 s', () => {
    const report = watch(31, (now) => ({ ...busy(now, 97, 10), system: [{ ...sample(now, { busy: 97, psiCpu: 10 }), load: { one: 1, five: 1, fifteen: 1, cores: 2 } }] }));
    const finding = report.findings.find((f) => f.rule === 'cpu-saturated');
    expect(finding?.sentence).toMatch(/^ffmpeg \(pid 4411\) and ffmpeg \(pid \d+\) use 97% of both cores; other programs wait — pressure 10%/);
    expect(finding?.culprits[0]?.pid).toBe(4411);
    expect(finding?.next?.target?.pid).toBe(4411);
  });

  it('is not a finding after a short burst, nor below the threshold', () => {
    expect(rules(watch(20, (now) => busy(now, 99, 5)))).not.toContain('cpu-saturated');
    expect(status(watch(20, (now) => busy(now, 99, 5)), 'cpu-saturated')).toBe('collecting');
    expect(rules(watch(40, (now) => busy(now, 85, 5)))).not.toContain('cpu-saturated');
    expect(status(watch(40, (now) => busy(now, 85, 5)), 'cpu-saturated')).toBe('passed');
  });

  it('is serious with CPU pressure ≥ 20 %, and the kernel average dates it back', () => {
    const report = watch(2, (now) => busy(now, 99, 45));
    const finding = report.findings.find((f) => f.rule === 'cpu-saturated');
    expect(finding?.severity).toBe('serious');
    expect(finding?.since).toBeLessThan(report.time - 59_000);
  });

  it('says how much CPU went to programs too short-lived to list', () => {
    const report = watch(2, (now) => ({ ...busy(now, 99, 45), processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [row({ cpu: 50 })] } }));
    expect(report.findings[0]?.sentence).toMatch(/74% went to programs too short-lived to be listed/);
  });
});

describe('one process holding a core', () => {
  it('fires at once for a process that has burned a core since it started long ago', () => {
    const now = 1_000_000 + 2000;
    const burner = row({ name: 'burn', cpu: 99, startedAt: now - 600_000, cpuTime: 590 });
    const report = watch(2, (t) => ({ processes: { time: t, ncpu: 2, totalMemoryBytes: 1, rows: [burner] } }));
    expect(report.findings.map((f) => [f.rule, f.culprits[0]?.pid])).toEqual([['cpu-hog', burner.pid]]);
  });

  it('waits a minute for a process that only just became busy', () => {
    const now = 1_000_000;
    const fresh = row({ name: 'build', cpu: 99, startedAt: now - 600_000, cpuTime: 5 });
    const rowsAt = (t: number) => ({ processes: { time: t, ncpu: 2, totalMemoryBytes: 1, rows: [fresh] } });
    expect(rules(watch(59, rowsAt))).toEqual([]);
    expect(rules(watch(61, rowsAt))).toEqual(['cpu-hog']);
    expect(rules(watch(61, (t) => ({ processes: { time: t, ncpu: 2, totalMemoryBytes: 1, rows: [{ ...fresh, cpu: 80 }] } })))).toEqual([]);
  });
});

describe('memory', () => {
  it('pressure: warning at some ≥ 10 %, none below, unavailable without PSI', () => {
    expect(rules(watch(1, (now) => ({ system: [sample(now, { psiMem: 12 })] })))).toEqual(['memory-pressure']);
    expect(rules(watch(1, (now) => ({ system: [sample(now, { psiMem: 8 })] })))).toEqual([]);
    const noPsi = watch(1, (now) => ({ system: [{ ...sample(now), pressure: null }] }));
    expect(status(noPsi, 'memory-pressure')).toBe('unavailable');
  });

  it('low available memory names the biggest processes after 20 s, not before', () => {
    const big = row({ name: 'chrome', rss: 3 * 1024 ** 3 });
    const at = (now: number) => ({ system: [sample(now, { availablePct: 4 })], processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [row(), big] } });
    expect(rules(watch(19, at))).toEqual([]);
    const report = watch(21, at);
    expect(report.findings[0]?.severity).toBe('serious');
    expect(report.findings[0]?.sentence).toMatch(/the biggest are chrome \(pid \d+, 3\.0 GiB\)/);
    expect(rules(watch(30, (now) => ({ system: [sample(now, { availablePct: 11 })] })))).toEqual([]);
  });

  it('swap storm at ≥ 1 MiB/s sustained, not at 0.5', () => {
    expect(rules(watch(21, (now) => ({ system: [sample(now, { swapMiBps: 4 })] })))).toEqual(['swap-storm']);
    expect(rules(watch(40, (now) => ({ system: [sample(now, { swapMiBps: 0.5 })] })))).toEqual([]);
  });
});

describe('disks', () => {
  it('a filesystem ≥ 90 % full (space or inodes) is a finding at once, with what deleted open files hold', () => {
    const report = watch(0, () => ({ filesystems: [filesystem('/data', 96, 5, 50 * 1024 ** 2), filesystem('/home', 89), filesystem('/var', 40, 93)] }));
    expect(report.findings.map((f) => f.key).sort()).toEqual(['disk-full:/data', 'disk-full:/var']);
    expect(report.findings.find((f) => f.key === 'disk-full:/data')?.sentence).toMatch(/96% full.*Deleted files still open hold 50\.0 MiB/);
    expect(report.findings.find((f) => f.key === 'disk-full:/var')?.sentence).toMatch(/inodes/);
  });

  it('a device busy ≥ 90 % for 30 s names the process doing the I/O', () => {
    const writer = row({ name: 'dd', ioWritePerSec: 80 * 1024 ** 2 });
    const at = (now: number) => ({ system: [sample(now, { diskBusy: 95 })], processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [writer] } });
    expect(rules(watch(25, at))).toEqual([]);
    expect(watch(31, at).findings[0]?.culprits[0]?.pid).toBe(writer.pid);
  });

  it('load above the cores with processes in D state names them', () => {
    const stuck = row({ name: 'rsync', state: 'D' });
    const at = (now: number) => ({ system: [sample(now, { load: 5 })], diskWait: [{ row: stuck, firstSeenAt: 0 }] });
    expect(watch(16, at).findings[0]?.sentence).toMatch(/Load is 5\.0 on 2 cores and one process is stuck .*rsync/);
    expect(rules(watch(16, (now) => ({ ...at(now), system: [sample(now, { load: 1.5 })] })))).toEqual([]);
  });
});

describe('process states', () => {
  it('a process stopped for 30 s is a finding; one stopped for 10 s is still being judged', () => {
    const stopped = row({ name: 'vim', state: 'T' });
    const at = (now: number) => ({ stopped: [{ row: stopped, firstSeenAt: 1_000_000 }], processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [stopped] } });
    const early = watch(10, at);
    expect(rules(early)).toEqual([]);
    expect(status(early, 'stopped-process')).toBe('collecting');
    expect(watch(31, at).findings[0]?.sentence).toMatch(/vim \(pid \d+\) has been stopped for at least 31 s/);
  });

  it('three zombies under one parent name the parent; two do not', () => {
    const parent = row({ name: 'server' });
    const kids = (n: number) => Array.from({ length: n }, () => row({ ppid: parent.pid, state: 'Z', name: 'worker' }));
    const at = (n: number) => (now: number) => ({ processes: { time: now, ncpu: 2, totalMemoryBytes: 1, rows: [parent, ...kids(n)] } });
    const report = watch(11, at(3));
    expect(report.findings[0]?.culprits[0]?.pid).toBe(parent.pid);
    expect(report.findings[0]?.sentence).toMatch(/server \(pid \d+\) has 3 zombie children/);
    expect(rules(watch(11, at(2)))).toEqual([]);
  });
});

describe('kernel log', () => {
  it('an OOM kill is serious from its own time; crashes of one program are one finding', () => {
    const now = 1_000_000 + 5000;
    const kernel = [
      { kind: 'oom-kill' as const, time: now - 60_000, pid: 77, name: 'memhog', text: 'Memory cgroup out of memory: Killed process 77 (memhog)' },
      { kind: 'segfault' as const, time: now - 50_000, pid: 80, name: 'crash', text: 'crash[80]: segfault at 0 ip 1 sp 2 error 4 in crash[55+1000]' },
      { kind: 'segfault' as const, time: now - 40_000, pid: 81, name: 'crash', text: 'crash[81]: segfault at 0 ip 1 sp 2 error 4 in crash[55+1000]' },
      { kind: 'segfault' as const, time: now - 2 * 3_600_000, pid: 9, name: 'old', text: 'old[9]: segfault at 0' },
    ];
    const report = watch(5, () => ({ kernel }));
    expect(report.findings.map((f) => [f.rule, f.severity, f.since])).toEqual([
      ['oom-kill', 'serious', now - 60_000],
      ['segfault', 'warning', now - 50_000],
    ]);
    expect(report.findings[0]?.sentence).toMatch(/killed memhog \(pid 77\) .* its memory limit \(cgroup\) was reached/);
    expect(report.findings[1]?.sentence).toMatch(/crash \(pid 81\) crashed 2 times in the last hour.*segmentation fault in crash/);
  });

  it('a crash that left a report is told once, by recent-crash; the same pid and name hours apart, or another name, are not that report', () => {
    const now = 1_000_000;
    const line = (pid: number, name: string, time: number) => ({ kind: 'segfault' as const, time, pid, name, text: `${name}[${pid}]: segfault at 0 ip 1 sp 2 error 4 in ${name}[55+1000]` });
    const report = (pid: number, program: string, timeMs: number): CrashEntry => ({
      source: 'file', path: `/var/cores/core.${pid}`, program, commandLine: null, pid, signal: 11, signalName: 'SIGSEGV', timeMs,
      sizeBytes: 1, executable: `/usr/bin/${program}`, executableMatch: 'unknown', openable: true, note: null,
    });
    // watch(0, …) judges once, at 1_000_000.
    const kernel = [
      // Its report: the kernel's name is the first 15 characters of the program's.
      line(80, 'a-very-long-pro', now - 50_000),
      // Same pid as a report, but another program: a pid reused.
      line(81, 'other', now - 40_000),
      // Same pid and name as a report, written more than five minutes apart: another crash.
      line(82, 'late', now - 30_000),
    ];
    const crashes = { crashes: [report(80, 'a-very-long-program-name', now - 49_000), report(81, 'worker', now - 40_000), report(82, 'late', now - 30_000 - 6 * 60_000)], unreadable: [] };
    const found = watch(0, () => ({ kernel, crashes })).findings.filter((f) => f.rule === 'segfault');
    expect(found.map((f) => f.key).sort()).toEqual(['segfault:late', 'segfault:other']);
  });

  it('the kernel findings follow each change of the lines, the reports and the hour, judged again and again over the same lists', () => {
    const engine = new FindingsEngine();
    const start = 50_000_000;
    const line = (pid: number, name: string, time: number) => ({ kind: 'segfault' as const, time, pid, name, text: `${name}[${pid}]: segfault at 0 ip 1 sp 2 error 4 in ${name}[55+1000]` });
    const oom = { kind: 'oom-kill' as const, time: start - 20_000, pid: 70, name: 'hog', text: 'Out of memory: Killed process 70 (hog)' };
    const first = [line(80, 'alpha', start - 10_000), oom];
    const report = (pid: number, program: string, timeMs: number): CrashEntry => ({
      source: 'file', path: `/var/cores/core.${pid}`, program, commandLine: null, pid, signal: 11, signalName: 'SIGSEGV', timeMs,
      sizeBytes: 1, executable: null, executableMatch: 'unknown', openable: true, note: null,
    });
    const none: CrashReading = { crashes: [], unreadable: [] };
    const judge = (now: number, kernel: typeof first, crashes: CrashReading) =>
      engine.evaluate({ ...observation(now), startedAt: start - 60_000, kernel, crashes }).findings.filter((f) => f.rule === 'segfault' || f.rule === 'oom-kill').map((f) => f.sentence).sort();
    const once = judge(start, first, none);
    expect(once).toEqual([expect.stringMatching(/^The kernel killed hog \(pid 70\)/), expect.stringMatching(/^alpha \(pid 80\) crashed at /)]);
    expect(judge(start + 1000, first, none)).toEqual(once);
    // A report of alpha's crash arrives: told by recent-crash from now on, no longer here.
    const reported: CrashReading = { crashes: [report(80, 'alpha', start - 9000)], unreadable: [] };
    expect(judge(start + 2000, first, reported).filter((s) => s.startsWith('alpha'))).toEqual([]);
    expect(judge(start + 3000, first, none)).toEqual(once);
    // A second crash of alpha: one finding that counts both.
    const second = [...first, line(81, 'alpha', start + 3500)];
    expect(judge(start + 4000, second, none).filter((s) => s.startsWith('alpha'))).toEqual([expect.stringMatching(/^alpha \(pid 81\) crashed 2 times in the last hour/)]);
    // An hour on, the first lines left the window while the list stayed the same.
    expect(judge(start + 3_600_000 - 5000, second, none)).toEqual([expect.stringMatching(/^alpha \(pid 81\) crashed at /)]);
    expect(judge(start + 3_600_000 + 4000, second, none)).toEqual([]);
  });

  it('says why when the kernel log cannot be read', () => {
    const report = watch(0, () => ({ kernel: { unavailable: 'not allowed to read the kernel log' } }));
    expect(report.checks.filter((c) => c.status === 'unavailable').map((c) => c.rule)).toEqual(expect.arrayContaining(['oom-kill', 'segfault']));
  });
});

describe('recent crash reports', () => {
  const crash = (pid: number, timeMs: number): CrashEntry => ({
    source: 'file', path: `/var/cores/core.${pid}`, program: 'worker', commandLine: null, pid, signal: 6, signalName: 'SIGABRT', timeMs,
    sizeBytes: 1, executable: '/usr/bin/worker', executableMatch: 'unknown', openable: true, note: null,
  });

  it('five crashes of one program within the hour are one serious finding; what could not be searched is said', () => {
    const report = watch(0, (now) => ({ crashes: { crashes: [1, 2, 3, 4, 5].map((i) => crash(100 + i, now - i * 60_000)), unreadable: [{ where: '/var/crash', message: 'Triage may not read this folder.' }] } }));
    const found = report.findings.filter((f) => f.rule === 'recent-crash');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'serious', evidence: [{ value: 5 }], next: { filter: { text: '/var/cores/core.101' } } });
    expect(found[0]?.sentence).toMatch(/^worker \(pid 101\) crashed with SIGABRT 5 times in the last hour, last at .* \/var\/crash could not be searched, so there may be more\.$/);
  });

  it('control characters in a planted file name never reach the sentence', () => {
    const report = watch(0, (now) => ({ crashes: { crashes: [{ ...crash(9, now), path: '/var/crash/x\u001b[2J.crash', program: 'evil\nname' }], unreadable: [] } }));
    expect(report.findings[0]?.sentence).toMatch(/^evil\?name \(pid 9\) crashed .* \/var\/crash\/x\?\[2J\.crash\.$/);
  });

  it('a crash outside the hour, or undated, is not counted', () => {
    const report = watch(0, (now) => ({ crashes: { crashes: [crash(7, now - 3_700_000), { ...crash(8, now), timeMs: null }], unreadable: [] } }));
    expect(rules(report)).not.toContain('recent-crash');
    expect(status(report, 'recent-crash')).toBe('passed');
  });
});

it('no data yet is "collecting", never "passed"', () => {
  const engine = new FindingsEngine();
  const report = engine.evaluate({ ...observation(1), system: [], processes: null });
  expect(report.checks.filter((c) => c.status === 'passed').map((c) => c.rule)).toEqual(['disk-full', 'oom-kill', 'segfault', 'recent-crash']);
  const unsearched = engine.evaluate({ ...observation(1), crashes: null });
  expect(unsearched.checks.find((c) => c.rule === 'recent-crash')).toMatchObject({ status: 'collecting', why: 'the crash reports have not been searched yet' });
});
