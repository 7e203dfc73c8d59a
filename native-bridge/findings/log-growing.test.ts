// The log-growth rule over real files: a real LogWatch reads the sizes of files in a temporary log root that real
// child processes write to, and the engine (with shortened thresholds) says what it concluded, in real time.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, FindingsReport } from '../contract/findings.js';
import { until } from '../../test-support/until.js';
import { FindingsEngine } from './engine.js';
import { LogWatch } from './log-growth/log-watch.js';
import { effectiveThresholds } from './overrides.js';
import { startLogWriter } from './test-support/log-writer.js';
import { observation } from './test-support/observations.js';

const MIN_MS = 2_000;
/** The default rates (warn 10 MiB/min), with the minimum and clear times shortened so a test lasts seconds. */
const THRESHOLDS = effectiveThresholds({ 'log-growing': { minMs: MIN_MS, clearMs: 1_000 } });
const WRITERS_ABOVE = (THRESHOLDS['log-growing'].warn * 1024 * 1024) / 60;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) clean();
});

function logRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'triage-logs-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

async function writer(file: string, chunk: number, everyMs: number, total?: number): Promise<ChildProcess> {
  const child = await startLogWriter(file, chunk, everyMs, total);
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

/** The engine judging a real LogWatch over `roots` every 100 ms; every report kept. */
function judge(roots: string[], maxFiles = 100): FindingsReport[] {
  const watch = new LogWatch({ roots, procRoot: '/proc', maxDepth: 2, maxFiles, statEveryMs: 400, listEveryMs: 800 });
  const engine = new FindingsEngine(() => THRESHOLDS);
  const reports: FindingsReport[] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    reports.push(engine.evaluate(observation(now, { startedAt: now, logs: watch.read(now, WRITERS_ABOVE) })));
  }, 100);
  cleanups.push(() => clearInterval(timer));
  return reports;
}

const logFinding = (r: FindingsReport | undefined): Finding | undefined => r?.findings.find((f) => f.rule === 'log-growing');
const logCheck = (r: FindingsReport | undefined) => r?.checks.find((c) => c.rule === 'log-growing');

/** Waits until the reports cover `ms` from now, then returns those made in that span. */
async function reportsFor(reports: FindingsReport[], ms: number): Promise<FindingsReport[]> {
  const from = Date.now();
  await until(() => (reports.at(-1)?.time ?? 0) >= from + ms, `reports covering ${ms} ms`);
  return reports.filter((r) => r.time >= from);
}

describe('a log file growing fast', () => {
  it('names the file, its rate, its size, the time until the filesystem is full and the writer, once it has lasted', async () => {
    const root = logRoot();
    mkdirSync(join(root, 'app'));
    const file = join(root, 'app', 'app.log');
    const child = await writer(file, 64 * 1024, 20); // about 3 MiB/s: 190 MiB/min, well above 10
    const reports = judge([root]);
    const report = await until(() => reports.find((r) => logFinding(r)), 'the log-growing finding');
    const finding = logFinding(report)!;
    expect(finding.sentence).toContain(file);
    expect(finding.sentence).toMatch(/grows [\d.]+ MiB\/min \(now [\d.]+ [KMG]iB\)\. At that rate its filesystem is full in .+ free\)\. Written by node \(pid \d+\)\./);
    expect(finding.culprits.map((c) => c.pid)).toEqual([child.pid]);
    expect(finding.next).toMatchObject({ view: 'disk', target: { pid: child.pid } });
    expect(finding.evidence[0]!.value).toBeGreaterThan(WRITERS_ABOVE);
    // It held for the minimum duration before any report showed it.
    expect(report.time - finding.since).toBeGreaterThanOrEqual(MIN_MS);
    for (const r of reports) if (logFinding(r)) expect(r.time - logFinding(r)!.since).toBeGreaterThanOrEqual(MIN_MS);
  });

  it('a short burst, a slow writer and a rotated log are not findings', async () => {
    const root = logRoot();
    const burst = join(root, 'burst.log');
    const slow = join(root, 'slow.log');
    const rotated = join(root, 'rotated.log');
    writeFileSync(rotated, '');
    await writer(slow, 1024, 100); // 0.6 MiB/min
    const reports = judge([root]);
    await until(() => logCheck(reports.at(-1))?.status === 'passed', 'the first measurement');
    // From before the burst starts: a loaded machine may judge it before its writer says it is ready.
    const from = Date.now();
    await writer(burst, 8 * 1024 * 1024, 10, 8 * 1024 * 1024); // 8 MiB at once, then quiet
    // Rotated every 300 ms, each new file larger than the last by 1 MiB: judged by name alone, that is growth.
    const rotations = (async () => {
      for (let i = 1; i <= 12; i++) {
        renameSync(rotated, `${rotated}.1`);
        writeFileSync(rotated, Buffer.alloc(i * 1024 * 1024));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    await reportsFor(reports, MIN_MS + 2_000);
    await rotations;
    // Judged over once its clear time has passed (a loaded machine delays the reports, so poll for it).
    await until(() => logCheck(reports.at(-1))?.status === 'passed', 'the check back to passed after the burst', 20_000);
    const span = reports.filter((r) => r.time >= from);
    expect(span.flatMap((r) => r.findings.filter((f) => f.rule === 'log-growing').map((f) => f.sentence))).toEqual([]);
    // The burst was seen (its condition held, briefly) and then judged over: not a finding, and not missed.
    expect(span.some((r) => logCheck(r)?.status === 'collecting')).toBe(true);
  });

  it('a log root that cannot be read is a check that could not run, not "nothing growing"', async () => {
    const root = logRoot();
    const notADirectory = join(root, 'file');
    writeFileSync(notADirectory, 'x');
    const reports = judge([join(root, 'missing'), notADirectory]);
    const check = await until(() => logCheck(reports.find((r) => logCheck(r)?.status === 'unavailable')), 'the check to say it could not run');
    expect(check.why).toBe(`could not list ${join(root, 'missing')} (it does not exist) and ${notADirectory} (not a directory), so the log files there were not checked`);
    expect(reports.some((r) => logCheck(r)?.status === 'passed')).toBe(false);
  });

  it('more files than it watches is said too; rotated files (numbered, dated, compressed) are not counted', async () => {
    const root = logRoot();
    for (const name of ['a.log', 'b.log', 'a.log.1', 'a.log.2.gz', 'b.log-20261205']) writeFileSync(join(root, name), 'x');
    const within = judge([root], 2);
    await until(() => logCheck(within.at(-1))?.status === 'passed', 'two current logs within a bound of two');
    writeFileSync(join(root, 'c.log'), 'x');
    const over = judge([root], 2);
    const check = await until(() => logCheck(over.find((r) => logCheck(r)?.status === 'unavailable')), 'the check to say it watches only part');
    expect(check.why).toBe('only the first 2 log files are watched (there are more)');
  });
});
