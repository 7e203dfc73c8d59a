import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessesAtResult, SeriesResult, TopResult, type ProcessRow } from '../contract/index.js';
import { buildMemhog, startHog, type RunningHog } from '../memory/test-support/memhog.js';
import { createBackend } from '../server/backend.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { until } from '../../test-support/until.js';
import { HistorySettings } from '../shared/settings.js';
import { createHistoryService } from './service.js';

const repo = join(import.meta.dirname, '..', '..');
const MiB = 1024 * 1024;
const HOG_MIB = 400;
const home = mkdtempSync(join(tmpdir(), 'triage-recording-'));
const memhog = buildMemhog();
afterAll(() => {
  memhog.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** The CLI against the history this test records ($XDG_STATE_HOME/triage). */
function cli(args: string[]) {
  const argv = ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd: repo, encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_STATE_HOME: home, XDG_CONFIG_HOME: join(home, 'config') } });
  if (r.status !== 0) throw new Error(`triage ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function psAt(at: number, pid: number): ProcessRow | undefined {
  const result = ProcessesAtResult.parse(JSON.parse(cli(['ps', '--at', new Date(at).toISOString(), '--json'])));
  expect(Math.abs(result.frameTime - at)).toBeLessThanOrEqual(5000 + 1000);
  return result.rows.find((r) => r.pid === pid);
}

/** CPU seconds a process has used, from /proc: what the machine really gave it, the oracle for what was recorded. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** % of one core between two readings of cpuSecondsOf. */
const percentBetween = (a: { at: number; cpu: number }, b: { at: number; cpu: number }) => ((b.cpu - a.cpu) / ((b.at - a.at) / 1000)) * 100;
const reading = (pid: number) => ({ at: Date.now(), cpu: cpuSecondsOf(pid) });

const sleepUntil = (t: number) => until(() => Date.now() >= t, `the clock to reach ${new Date(t).toISOString()}`, 120_000, () => new Promise((r) => setTimeout(r, 100)));

describe('a recording of real processes', () => {
  it('gives back each child with the figures it had at the time (±1 frame), and a history with no unexplained gap', async () => {
    const backend = createBackend({
      mode: 'web',
      record: true,
      system: createSystemCollector(),
      configDir: join(home, 'config'),
      stateDir: join(home, 'triage'),
      auditPath: join(home, 'audit.jsonl'),
    });
    // A shell spinning on a core (its own pid), stopped and continued by this test at known times.
    const spinner = spawn('/bin/sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
    let hog: RunningHog | null = null;
    try {
      const started = Date.now();
      await sleepUntil(started + 10_000);
      // What the spinner really got around the moment asked for below (a loaded machine gives it less than a core).
      const beforeStop = reading(spinner.pid!);
      await sleepUntil(started + 12_000);
      const hogSpawned = Date.now();
      hog = await startHog(memhog.binary, ['hold', String(HOG_MIB)]);
      const hogReady = Date.now();
      await sleepUntil(started + 22_000);
      const atStop = reading(spinner.pid!);
      spinner.kill('SIGSTOP');
      const stoppedAt = Date.now();
      await sleepUntil(stoppedAt + 14_000);
      spinner.kill('SIGCONT');
      const continuedAt = Date.now();
      const atContinue = reading(spinner.pid!);
      await sleepUntil(continuedAt + 12_000);
      const atEnd = reading(spinner.pid!);
      const ended = Date.now();
      // What the backend sampled in the window (a loaded machine samples late and so less often): the recorder's oracle.
      const sampled = backend.metrics.history().filter((s) => s.time >= started + 2000 && s.time <= ended - 2000).length;
      // The last batch is written when the recorder closes.
      backend.close();

      const spinning = psAt(stoppedAt - 6000, spinner.pid!);
      expect(spinning?.name).toBe('sh');
      // Recorded as running: at least half of what /proc says it got then, and clearly more than stopped (< 2).
      const gotBeforeStop = percentBetween(beforeStop, atStop);
      expect(gotBeforeStop).toBeGreaterThan(4);
      expect(spinning!.cpu).toBeGreaterThan(Math.max(3, gotBeforeStop / 2));
      expect(psAt(hogSpawned - 6000, hog.pid)).toBeUndefined();

      const holding = psAt(hogReady + 6000, hog.pid);
      expect(holding?.rss).toBeGreaterThanOrEqual((HOG_MIB - 1) * MiB);
      expect(holding!.rss).toBeLessThanOrEqual((HOG_MIB + 16) * MiB);

      const stopped = psAt(stoppedAt + 8000, spinner.pid!);
      expect(stopped?.state).toBe('T');
      expect(stopped!.cpu).toBeLessThan(2);
      expect(psAt(continuedAt + 8000, spinner.pid!)!.cpu).toBeGreaterThan(Math.max(3, percentBetween(atContinue, atEnd) / 2));

      const history = SeriesResult.parse(JSON.parse(cli(['history', '--since', new Date(started).toISOString(), '--until', new Date(ended).toISOString(), '--json'])));
      // Whole minutes around the window; inside the recording, nothing is missing.
      const unexplained = history.gaps.filter((g) => g.reason !== 'not-recorded-yet' && g.from < ended - 2000 && g.to > started + 2000);
      expect(unexplained).toEqual([]);
      const reader = createHistoryService({ stateDir: join(home, 'triage'), settings: HistorySettings.parse({}), record: { on: false, why: 'test' } });
      const fine = await reader.implementation['history.series']({ from: started + 2000, to: ended - 2000, maxPoints: 5000, series: ['cpu.busy'] });
      expect(fine.gaps).toEqual([]);
      // Every sample the backend took in the window was recorded (one at an edge may fall either side), and it sampled.
      expect(sampled).toBeGreaterThanOrEqual((ended - started - 4000) / 1000 / 2);
      expect(fine.times.length).toBeGreaterThanOrEqual(sampled - 1);

      const topMem = TopResult.parse(JSON.parse(cli(['top', '--since', new Date(started).toISOString(), '--by', 'mem', '--limit', '50', '--json'])));
      const hogRow = topMem.rows.find((r) => r.pid === hog!.pid);
      expect(hogRow?.rssMaxBytes).toBeGreaterThanOrEqual((HOG_MIB - 1) * MiB);
      const topCpu = TopResult.parse(JSON.parse(cli(['top', '--since', new Date(started).toISOString(), '--by', 'cpu', '--limit', '50', '--json'])));
      // Most of the CPU time /proc counted for it (the first and last minute's rows may fall outside the window).
      expect(topCpu.rows.find((r) => r.pid === spinner.pid)?.cpuSeconds).toBeGreaterThan(atEnd.cpu / 2);
    } finally {
      spinner.kill('SIGKILL');
      await hog?.stop();
    }
  }, 180_000);
});
