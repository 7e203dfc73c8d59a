import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LeakSuspect, MemoryPinInfo } from '../../contract/memory.js';
import * as z from 'zod';
import { buildMemhog, startHog, type RunningHog } from '../../memory/test-support/memhog.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const entry = join(repo, 'native-bridge/cli/entry.ts');
let home: string;
let memhog: ReturnType<typeof buildMemhog>;
const hogs: RunningHog[] = [];

/** Runs the CLI asynchronously (the watched children keep running meanwhile), stdin from /dev/null. */
function triage(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: repo,
      env: { ...process.env, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function hog(...args: string[]): Promise<RunningHog> {
  const running = await startHog(memhog.binary, args);
  hogs.push(running);
  return running;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'triage-cli-memory-'));
  memhog = buildMemhog();
});

afterEach(async () => {
  await Promise.all(hogs.splice(0).map((h) => h.stop()));
});

afterAll(() => {
  memhog.dispose();
  rmSync(home, { recursive: true, force: true });
});

const MIB_PER_SEC = 6;

describe('triage watch', () => {
  it('--json on a child growing at a known rate: the series and a "growing" verdict at about that rate', async () => {
    const child = await hog('grow', String(MIB_PER_SEC), '400');
    const r = await triage('watch', '--pid', String(child.pid), '--duration', '8s', '--interval', '500ms', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pin = MemoryPinInfo.parse(JSON.parse(r.stdout));
    expect(pin.target).toMatchObject({ kind: 'pid', pid: child.pid });
    expect(pin.name).toBe('memhog');
    // 8 s at 500 ms: about 16 samples; a loaded machine may fit fewer, never none.
    expect(pin.series.length).toBeGreaterThanOrEqual(10);
    expect(pin.series.every((p) => p.pid === child.pid)).toBe(true);
    expect(pin.series.at(-1)!.rssBytes).toBeGreaterThan(pin.series[0]!.rssBytes + 10 * 1024 * 1024);
    expect(pin.verdict.kind).toBe('growing');
    const trueRate = MIB_PER_SEC * 60;
    expect(pin.verdict.rateMiBPerMin!).toBeGreaterThan(trueRate * 0.75);
    expect(pin.verdict.rateMiBPerMin!).toBeLessThan(trueRate * 1.25);
    expect(pin.verdict.trend).not.toBeNull();
  });

  it('prints a readable series and "stable" for a child that holds one block', async () => {
    const child = await hog('hold', '40');
    const r = await triage('watch', '--pid', String(child.pid), '--duration', '8s', '--interval', '500ms');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Memory of memhog \\(pid ${child.pid}\\): \\d+ samples$`, 'm'));
    expect(r.stdout).toMatch(/^time\s+pid\s+RSS\s+anon/m);
    expect(r.stdout).toMatch(/^RSS {2}[▁▂▃▄▅▆▇█]+$/m);
    const verdict = /^Verdict: (\S+?),? /m.exec(r.stdout);
    expect(verdict?.[1]).toMatch(/^(stable|stable-after-warmup)$/);
  });

  it('follows a program by name', async () => {
    const path = memhog.copyAs(`mh${process.pid % 100000}x`);
    const running = await startHog(path, ['hold', '8']);
    hogs.push(running);
    const r = await triage('watch', '--name', `mh${process.pid % 100000}x`, '--duration', '2s', '--interval', '500ms', '--json');
    expect(r.code).toBe(0);
    const pin = MemoryPinInfo.parse(JSON.parse(r.stdout));
    expect(pin.target).toEqual({ kind: 'name', pattern: `mh${process.pid % 100000}x` });
    expect(pin.pid).toBe(running.pid);
    expect(pin.series.length).toBeGreaterThanOrEqual(2);
  });

  it('--name that matches nothing: says so at once, and exits 1 when nothing ever matched', async () => {
    const name = `nosuch${process.pid}x`;
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'watch', '--name', name, '--duration', '4s', '--interval', '500ms'], { cwd: repo });
    let stderr = '';
    let firstNoticeAt = 0;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!firstNoticeAt && stderr.includes('is running yet')) firstNoticeAt = Date.now();
    });
    const code = await new Promise<number | null>((ok) => child.on('close', ok));
    expect(stderr).toMatch(new RegExp(`^Nothing named "${name}" is running yet; watching for it for 4 s \\(Ctrl-C stops\\)\\.\n`));
    // The notice came before the duration ran out, not with the final answer.
    expect(firstNoticeAt - started).toBeLessThan(Date.now() - started - 2000);
    expect(stderr).toMatch(new RegExp(`triage watch: No process named "${name}" ran during the \\d+ s watched; nothing was measured\\.\n$`));
    expect(code).toBe(1);
  });

  it('a process that is not running: one sentence, exit 1', async () => {
    // pid_max is at most 4194304 on Linux; pick a pid that is free now.
    let pid = 4_194_000;
    while (existsSync(`/proc/${pid}`)) pid++;
    const r = await triage('watch', '--pid', String(pid), '--duration', '2s');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`triage watch: Process ${pid} is not running (it may have exited).\n`);
  });

  it.each([
    [[], /^triage watch: Say which process to watch: --pid PID or --name PATTERN\.\nUsage: triage watch /],
    [['--pid', '1', '--name', 'x'], /^triage watch: Give either --pid or --name, not both\.\nUsage: triage watch /],
    [['--pid', '1', '--duration', 'soon'], /^triage watch: "soon" is not a duration \(examples: 500ms, 60s, 5m\)\.\nUsage: triage watch /],
    [['--pid', '1', '--duration', '0s'], /^triage watch: The duration must be between 1 s and 24 h \(got "0s"\)\.\nUsage: triage watch /],
    [['--pid', '1', '--interval', '10ms'], /^triage watch: The interval must be between 100 ms and 1 min \(got "10ms"\)\.\nUsage: triage watch /],
    [['--pid', '1', '--duration', '2s', '--interval', '5s'], /^triage watch: The interval must not be longer than the duration/],
    [['--pid=-1'], /^triage watch: "-1" is not a process id/],
    [['--pid', '0'], /^triage watch: "0" is not a process id: a pid is a whole number from 1 to 4194304\.\nUsage: triage watch /],
    [['--pid', '12abc'], /^triage watch: "12abc" is not a process id/],
    [['--pid', '1.5'], /^triage watch: "1.5" is not a process id/],
    [['--name', '   '], /^triage watch: The name pattern is empty/],
    [['--pid', '1', 'extra'], /^triage watch: Unexpected argument "extra"/],
    [['--frobnicate'], /^triage watch: "--frobnicate" is not an option of this command\.\nUsage: triage watch /],
  ])('bad input %j: exit 2 with one sentence', async (args, message) => {
    const r = await triage('watch', ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    // One sentence, then the command's own usage line and where the full help is: never Node's parser text.
    const lines = r.stderr.trim().split('\n');
    expect(lines[1]).toMatch(/^Usage: triage watch /);
    expect(lines.at(-1)).toBe('Run "triage watch --help" for every option.');
    expect(r.stderr).not.toMatch(/'--'|=-XYZ|ambiguous/);
  });
});

describe('triage leaks', () => {
  it('--json ranks a child growing at a known rate among the suspects', async () => {
    const child = await hog('grow', String(MIB_PER_SEC), '400');
    // 20 s: the all-process sampler's first pass is slow on a loaded machine, and a verdict needs ~10 s of samples.
    const r = await triage('leaks', '--duration', '20s', '--json');
    expect(r.code).toBe(0);
    const result = z
      .object({ observedMs: z.number(), processes: z.number().int(), suspects: z.array(LeakSuspect) })
      .parse(JSON.parse(r.stdout));
    expect(result.processes).toBeGreaterThan(1);
    const suspect = result.suspects.find((s) => s.pid === child.pid);
    expect(suspect, JSON.stringify(result.suspects.map((s) => [s.pid, s.name, s.verdict.kind]))).toBeDefined();
    expect(suspect!.name).toBe('memhog');
    expect(suspect!.verdict.kind).toBe('growing');
    expect(suspect!.verdict.rateMiBPerMin!).toBeGreaterThan(MIB_PER_SEC * 60 * 0.75);
  });

  it.each([
    [['--duration', '1s'], /^triage leaks: The duration must be between 5 s and 24 h \(got "1s"\)\.\nUsage: triage leaks /],
    [['--limit', '0'], /^triage leaks: The limit must be a whole number from 1 to 200 \(got "0"\)\.\nUsage: triage leaks /],
    [['firefox'], /^triage leaks: Unexpected argument "firefox"/],
  ])('bad input %j: exit 2 with one sentence', async (args, message) => {
    const r = await triage('leaks', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
