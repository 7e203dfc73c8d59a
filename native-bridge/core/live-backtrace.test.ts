import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveBacktrace } from '../contract/core.js';
import { formatBacktrace } from '../cli/format/core.js';
import { parsePidStat } from '../procfs/parse-pid-stat.js';
import { liveBacktrace } from './live-backtrace.js';
import { rejection } from './test-support/rejection.js';
import { untilBlockedInRead } from './test-support/blocked-in-read.js';
import { compileFixture, makeTempDir, removeDir } from './test-support/crash-programs.js';

let dir: string | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
let output = '';

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; output so far: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = await makeTempDir();
  const exe = await compileFixture('wait-input', dir);
  child = spawn(exe, [], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  await waitFor(() => output.includes('ready'), 'the child to be ready');
  await untilBlockedInRead(child.pid!);
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('close', r));
  }
  await removeDir(dir);
});

describe('live backtrace of a running process', () => {
  it('names wait_for_input and read, and the process keeps running afterwards', async () => {
    const pid = child!.pid!;
    const startTime = parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.startTime;
    const bt = await liveBacktrace(pid, startTime);
    expect(LiveBacktrace.parse(bt)).toBeTruthy();
    expect(bt).toMatchObject({ kind: 'live', pid, program: 'wait-input', crashedThreadId: null });
    expect(bt.threads).toHaveLength(1);
    const names = bt.threads[0]!.frames.map((f) => f.function ?? '');
    const waitAt = names.indexOf('wait_for_input');
    expect(waitAt).toBeGreaterThan(0);
    expect(names.slice(0, waitAt).some((n) => /read/.test(n))).toBe(true);
    expect(names[waitAt + 1]).toBe('main');
    expect(bt.source?.lines.find((l) => l.number === bt.source!.line)?.text).toContain('read(0, buffer, size)');
    expect(formatBacktrace(bt)).toMatch(/Live backtrace of process \d+ \(wait-input\)/);

    // Still alive and responsive: it answers the next line.
    child!.stdin.write('ping\n');
    await waitFor(() => output.includes('got: ping'), 'the child to answer');
    expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/TracerPid:\s+0\n/);
  });

  it('refuses a recycled pid, itself, and a process that does not exist', async () => {
    const pid = child!.pid!;
    const startTime = parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.startTime;
    expect((await rejection(liveBacktrace(pid, startTime + 1))).code).toBe('PID_REUSED');
    expect((await rejection(liveBacktrace(process.pid, undefined))).code).toBe('REFUSED');
    const gone = spawn('/bin/true');
    await new Promise((r) => gone.once('close', r));
    const err = await rejection(liveBacktrace(gone.pid!, undefined));
    expect(err.code).toBe('ESRCH');
    expect(err.message).toBe(`No process with id ${gone.pid} is running.`);
  });

  it('explains that a process already under strace cannot be attached', async () => {
    const tracer = spawn('strace', ['-o', '/dev/null', 'sleep', '60'], { stdio: 'ignore' });
    let traced = 0;
    try {
      await waitFor(() => {
        try {
          traced = Number(readFileSync(`/proc/${tracer.pid}/task/${tracer.pid}/children`, 'utf8').trim().split(' ')[0] || 0);
          const status = readFileSync(`/proc/${traced}/status`, 'utf8');
          return /^Name:\s+sleep$/m.test(status) && new RegExp(`^TracerPid:\\s+${tracer.pid}$`, 'm').test(status);
        } catch {
          return false;
        }
      }, 'strace to trace its child');
      const err = await rejection(liveBacktrace(traced, undefined));
      expect(err.code).toBe('EPERM');
      expect(err.message).toBe(`Process ${traced} is already being traced by process ${tracer.pid} (strace); a process can have only one tracer. Stop that tracer first.`);
    } finally {
      // Killing strace would leave its tracee running on its own: end the tracee first.
      try {
        if (traced > 0) process.kill(traced, 'SIGKILL');
      } catch {
        // already gone
      }
      tracer.kill('SIGKILL');
      await new Promise((r) => (tracer.exitCode !== null || tracer.signalCode !== null ? r(null) : tracer.once('close', r)));
    }
  });
});
