import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { StartInput, type StartInput as StartInputType } from '../contract/trace.js';
import { startTraceSession, type TraceSession } from './session.js';
import { until } from '../../test-support/until.js';

let dir = '';
let helper = '';
const sessions: TraceSession[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-trace-test-'));
  helper = join(dir, 'helper');
  execFileSync('gcc', ['-O2', '-o', helper, new URL('./fixtures/helper.c', import.meta.url).pathname]);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.discard();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(input: StartInputType, options: Parameters<typeof startTraceSession>[1] = {}) {
  const s = await startTraceSession(StartInput.parse(input), { captureRoot: dir, ...options });
  sessions.push(s);
  return s;
}

async function expectTriageError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriageError);
  expect((error as TriageError).code).toBe(code);
  expect((error as TriageError).message).toMatch(text);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('trace sessions (real strace, real programs)', () => {
  it('a program that exits silently because a directory is missing: the failure is found and named', async () => {
    const missing = join(dir, 'home', '.config', 'purplebox');
    const s = await start({ mode: 'launch', command: helper, args: ['purplebox', missing] });
    const final = await s.ended;
    expect(final.tracerExit).toEqual({ code: 1, signal: null });
    const a = s.engine.analysis();
    expect(a.end).toMatchObject({ state: 'exited', code: 1, pid: final.pid });
    expect(a.end!.lastFailures.at(-1)).toMatchObject({ name: 'openat', errno: 'ENOENT', target: missing });
    expect(a.end!.sentence).toContain('it looked for this directory and it does not exist');
    expect(a.end!.sentence).toContain(missing);
    expect(a.failures[0]).toMatchObject({ target: missing, noise: false });
    // Capture: private dir 0700, file 0600, and it holds everything the parser saw.
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(join(s.capturePath, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(s.capturePath).mode & 0o777).toBe(0o600);
    const lines = readFileSync(s.capturePath, 'utf8').split('\n').filter(Boolean).length;
    expect(a.counts.lines).toBe(lines);
  });

  it('a program that connects to a closed local port: ECONNREFUSED in the network view', async () => {
    const port = await closedPort();
    const s = await start({ mode: 'launch', command: helper, args: ['connect', String(port)], recipe: 'network' });
    await s.ended;
    const a = s.engine.analysis();
    expect(a.network).toContainEqual(
      expect.objectContaining({ op: 'connect', address: `127.0.0.1:${port}`, lastErrno: 'ECONNREFUSED' }),
    );
    expect(a.end).toMatchObject({ code: 2 });
  });

  it('attaches to a running child and detaches without killing it', async () => {
    const child = spawn(helper, ['sleep', '60'], { stdio: 'ignore' });
    children.push(child);
    await until(() => existsSync(`/proc/${child.pid}`), 'child');
    const s = await start({ mode: 'attach', pid: child.pid!, recipe: 'waiting' });
    expect(s.info()).toMatchObject({ mode: 'attach', pid: child.pid, state: 'running' });
    // The lone process sits in a sleep: the capture shows the call in progress.
    await until(() => readFileSync(s.capturePath, 'utf8').length > 0, 'capture to start');
    const final = await s.stop();
    expect(final.state).toBe('ended');
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    const state = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]![0];
    expect(['S', 'R', 'D']).toContain(state);
    const a = s.engine.analysis();
    expect(a.end).toMatchObject({ state: 'running', pid: child.pid });
    expect(readFileSync(s.capturePath, 'utf8')).toMatch(/detached|nanosleep|restart_syscall/);
  });

  it('stop on a launched trace kills the traced program and records how it ended', async () => {
    const s = await start({ mode: 'launch', command: helper, args: ['sleep', '60'] });
    await until(() => s.engine.firstPid !== null, 'first event');
    const final = await s.stop();
    expect(final.state).toBe('ended');
    const a = s.engine.analysis();
    expect(a.end).toMatchObject({ state: 'killed', signal: 'SIGKILL' });
  });

  it('passes arguments as one argv each: dashes, $(…), ; and newlines never become options or shell', async () => {
    const printf = execFileSync('which', ['printf']).toString().trim();
    const s = await start({ mode: 'launch', command: printf, args: ['[%s]', '-o', '$(id)', 'a;b', 'x\ny'] });
    let out = '';
    s.onOutput((m) => {
      if (m.kind === 'data') out += m.data;
    });
    await s.ended;
    expect(out).toContain('[-o][$(id)][a;b][x\r\ny]');
    const exec = s.engine.analysis().processes[0]!.execs[0]!;
    expect(exec.argv).toEqual([printf, '[%s]', '-o', '$(id)', 'a;b', 'x\ny']);
  });

  it('says clearly when strace is missing, with the install command', async () => {
    await expectTriageError(
      start({ mode: 'launch', command: helper, args: [] }, { locator: { pathEnv: '/nonexistent', osRelease: 'ID=debian\n' } }),
      'TOOL_MISSING',
      /strace is not installed.*sudo apt-get install strace/,
    );
    await expectTriageError(
      start({ mode: 'launch', command: helper, args: [], recipe: 'library-calls' }, { locator: { toolPaths: { ltrace: join(dir, 'no-ltrace') }, osRelease: 'ID=fedora\n' } }),
      'TOOL_MISSING',
      /ltrace is not installed.*sudo dnf install ltrace/,
    );
  });

  it('refuses bad targets with plain sentences', async () => {
    await expectTriageError(start({ mode: 'launch', command: 'no-such-program-xyz', args: [] }), 'NOT_FOUND', /was not found/);
    await expectTriageError(start({ mode: 'launch', command: helper, args: [], cwd: join(dir, 'nope') }), 'NOT_FOUND', /working directory/);
    await expectTriageError(start({ mode: 'attach', pid: process.pid }), 'REFUSED', /cannot trace itself/);
    const gone = spawn(helper, ['sleep', '0'], { stdio: 'ignore' });
    await new Promise((r) => gone.once('exit', r));
    await expectTriageError(start({ mode: 'attach', pid: gone.pid! }), 'ESRCH', /not running/);
    await expectTriageError(start({ mode: 'launch', command: helper, args: [], recipe: 'waiting' }), 'INVALID_INPUT', /attaches to a running process/);
    expect(StartInput.safeParse({ mode: 'attach', pid: -1 }).success).toBe(false);
    expect(StartInput.safeParse({ mode: 'attach', pid: 1.5 }).success).toBe(false);
    expect(StartInput.safeParse({ mode: 'attach', pid: '123' }).success).toBe(false);
  });

  it('traces library calls with ltrace', async () => {
    const s = await start({ mode: 'launch', command: helper, args: ['connect', String(await closedPort())], recipe: 'library-calls' });
    await s.ended;
    const a = s.engine.analysis();
    expect(a.summary.map((x) => x.name)).toEqual(expect.arrayContaining(['socket', 'connect']));
    expect(a.end).toMatchObject({ code: 2 });
  });
});
