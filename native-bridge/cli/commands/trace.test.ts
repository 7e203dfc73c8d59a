import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceAnalysis } from '../../contract/trace.js';
import { exitStatusOf, splitTraceArgv } from './trace.js';
import { parsePid } from '../args.js';
import { until } from '../../../test-support/until.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const entry = join(repo, 'native-bridge/cli/entry.ts');
const MISSING = '/nonexistent-dir-xyz-triage';

let dir = '';
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-cli-trace-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function triage(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    encoding: 'utf8',
    cwd: repo,
    env,
    timeout: 90_000,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

describe('splitTraceArgv', () => {
  it('takes everything after -- as the command, even words that look like options', () => {
    expect(splitTraceArgv(['--json', '--', '-o', '/tmp/x', '--help'])).toEqual({ options: ['--json'], command: ['-o', '/tmp/x', '--help'] });
  });
  it('starts the command at the first word that is not an option, keeping its own options', () => {
    expect(splitTraceArgv(['--json', 'ls', '-la', '--', 'x'])).toEqual({ options: ['--json'], command: ['ls', '-la', '--', 'x'] });
  });
  it('gives value options their value, even one that looks like a command', () => {
    expect(splitTraceArgv(['--out', 'ls', '--attach', '42'])).toEqual({ options: ['--out', 'ls', '--attach', '42'], command: [] });
    expect(splitTraceArgv(['--out=cap.txt', 'true'])).toEqual({ options: ['--out=cap.txt'], command: ['true'] });
  });
});

describe('parsePid and exitStatusOf', () => {
  it('accepts digits only', () => {
    expect(parsePid('1234')).toBe(1234);
    for (const bad of ['-1', '1e3', '12abc', '', ' 5', '0x10']) expect(() => parsePid(bad)).toThrow(/not a process id/);
  });
  it('reports the program status, 128 + signal number when killed, 0 after a detach', () => {
    const base = { pid: 1, coreDumped: false, time: null, lastFailures: [], lastSignal: null, sentence: '' };
    expect(exitStatusOf({ ...base, state: 'exited', code: 3, signal: null }, null)).toBe(3);
    expect(exitStatusOf({ ...base, state: 'killed', code: null, signal: 'SIGSEGV' }, null)).toBe(139);
    expect(exitStatusOf({ ...base, state: 'running', code: null, signal: null }, { code: 0, signal: null })).toBe(0);
    expect(exitStatusOf(null, { code: null, signal: 'SIGTERM' })).toBe(143);
  });
});

describe('triage trace (real strace)', () => {
  it('passes the program output through and prints the summary naming the missing path', () => {
    const r = triage(['trace', '--', '/bin/ls', MISSING]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2); // ls's own status for a missing operand
    expect(r.stdout).toContain(`cannot access '${MISSING}'`);
    expect(r.stdout).toMatch(/WHY DID IT END\n\s+It exited with status 2/);
    expect(r.stdout).toMatch(new RegExp(`statx? ENOENT\\s+${MISSING}`));
    expect(r.stdout).toContain('Full capture: not kept');
  });

  it('--json prints a schema-valid analysis on stdout and sends the program output to stderr', () => {
    const r = triage(['trace', '--json', '--', '/bin/ls', MISSING]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot access '${MISSING}'`);
    const report = JSON.parse(r.stdout) as { command: string[]; exitStatus: number; tool: string; analysis: unknown };
    expect(report.command).toEqual(['/bin/ls', MISSING]);
    expect(report.exitStatus).toBe(2);
    expect(report.tool).toBe('strace');
    const analysis = TraceAnalysis.parse(report.analysis);
    expect(analysis.end).toMatchObject({ state: 'exited', code: 2 });
    expect(analysis.failures.some((f) => f.errno === 'ENOENT' && f.target === MISSING)).toBe(true);
  });

  it('a command that begins with "-" is run as a program, not read as an option', () => {
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    const program = join(bin, '-h');
    writeFileSync(program, '#!/bin/sh\necho "dash program ran with $1"\nexit 7\n');
    chmodSync(program, 0o755);
    const r = triage(['trace', '--', '-h', '-o'], { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    expect(r.stdout).not.toContain('Usage: triage trace');
    expect(r.stdout).toContain('dash program ran with -o');
    expect(r.code).toBe(7);
    expect(r.stdout).toContain(`Trace of: -h -o`);
  });

  it('reports a signal death as 128 + the signal number', () => {
    const r = triage(['trace', '--', '/bin/sh', '-c', 'kill -TERM $$']);
    expect(r.code).toBe(143);
    expect(r.stdout).toMatch(/It was killed by SIGTERM/);
  });

  it('--out keeps the capture in a new 0600 file and never overwrites one', () => {
    const out = join(dir, 'capture.strace');
    const first = triage(['trace', '--out', out, '--', '/bin/ls', MISSING]);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain(`Full capture: ${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(new RegExp(`"${MISSING}".*ENOENT`));

    const second = triage(['trace', '--out', out, '--', '/bin/true']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already exists; Triage never overwrites a file/);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('a program that does not exist gets one sentence and leaves no --out file behind', () => {
    const out = join(dir, 'never.strace');
    const r = triage(['trace', '--out', out, '--', 'no-such-program-triage']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The program "no-such-program-triage" was not found/);
    expect(existsSync(out)).toBe(false);
  });

  it('bad usage is exit 2 with a sentence', () => {
    const none = triage(['trace']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Say what to trace/);
    const both = triage(['trace', '--attach', '123', '--', 'ls']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --attach PID or a command/);
    const pid = triage(['trace', '--attach=-1']);
    expect(pid.code).toBe(2);
    expect(pid.stderr).toMatch(/not a process id/);
  });

  it('--attach traces a running process and Ctrl+C detaches, leaving it running', async () => {
    const sleeper = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
    children.push(sleeper);
    const cli = spawn(process.execPath, ['--import', 'tsx', entry, 'trace', '--attach', String(sleeper.pid)], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(cli);
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));
    await until(() => stderr.includes(`tracing process ${sleeper.pid}`), 'the attach message');
    cli.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/WHY DID IT END\n\s+It has not ended yet/);
    expect(sleeper.exitCode).toBeNull();
    expect(existsSync(`/proc/${sleeper.pid}`)).toBe(true);
    // Detached cleanly: nothing traces the sleeper any more.
    expect(readFileSync(`/proc/${sleeper.pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
    sleeper.kill('SIGKILL');
  });
});
