import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreAnalysis, LiveBacktrace } from '../../contract/core.js';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../../core/test-support/crash-programs.js';
import { untilBlockedInRead } from '../../core/test-support/blocked-in-read.js';
import { parsePid as parsePidArg } from '../args.js';

const repo = join(import.meta.dirname, '..', '..', '..');
// By absolute path: the CLI runs from the crash's folder, where node cannot find tsx by name.
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/** The real CLI, as a user runs it, from a chosen folder (so relative paths mean something). */
function triage(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(repo, 'native-bridge/cli/entry.ts'), ...args], {
    encoding: 'utf8',
    cwd,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string | undefined;
let exe: string;
let produced: ProducedCore;

beforeAll(async () => {
  dir = await makeTempDir('triage-cli-core-');
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
});

afterAll(async () => {
  await removeDir(dir);
});

describe('triage core', () => {
  it('explains a real crash from a relative path: SIGSEGV, parse_config, the source line', () => {
    const r = triage(dirname(produced.corePath), 'core', basename(produced.corePath));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Core file: ${produced.corePath}`);
    expect(r.stdout).toMatch(/^Signal: +SIGSEGV \(11\)/m);
    expect(r.stdout).toMatch(/#\d+ +0x[0-9a-f]+ in parse_config \(text=0x0\) at .*crash-parse\.c:6/);
    expect(r.stdout).toMatch(/^> +6 +size_t length = strlen\(text\);/m);
  });

  it('--json prints the analysis the UI gets, with --exe resolved from the current folder', () => {
    const r = triage(dir!, 'core', produced.corePath, '--exe', basename(exe), '--json');
    expect(r.code).toBe(0);
    const analysis = CoreAnalysis.parse(JSON.parse(r.stdout));
    expect(analysis.signal?.name).toBe('SIGSEGV');
    expect(analysis.executable).toMatchObject({ path: exe, foundBy: 'given', match: 'same-build' });
    expect(analysis.threads.flatMap((t) => t.frames.map((f) => f.function))).toContain('parse_config');
  });

  it('a text file as the core: one plain sentence on stderr, nothing on stdout, exit 1', () => {
    const text = join(dir!, 'readme.txt');
    writeFileSync(text, 'not a core\n');
    const r = triage(dir!, 'core', 'readme.txt');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`triage core: ${text} is not a core dump: it is a text file.\n`);
  });

  it('a missing file and a missing argument get sentences too', () => {
    const missing = triage(dir!, 'core', 'no-such-core');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^triage core: .*no-such-core/);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const none = triage(dir!, 'core');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Give exactly one core file/);
  });
});

describe('triage stack', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('close', resolve));
    }
  });

  async function waitFor(text: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; output so far: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('prints the live stack of a waiting program, which keeps running; --json parses', async () => {
    const waiting = await compileFixture('wait-input', dir!);
    child = spawn(waiting, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    await waitFor('ready');
    await untilBlockedInRead(child.pid!);

    const text = triage(dir!, 'stack', String(child.pid));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Live backtrace of process ${child.pid} \\(wait-input\\)`));
    expect(text.stdout).toMatch(/in wait_for_input \(/);

    const json = triage(dir!, 'stack', String(child.pid), '--json');
    expect(json.code).toBe(0);
    const backtrace = LiveBacktrace.parse(JSON.parse(json.stdout));
    expect(backtrace.pid).toBe(child.pid);

    child.stdin.write('hello\n');
    await waitFor('got: hello');
  });

  it('refuses pids that are not whole numbers in range before anything runs', () => {
    for (const bad of [['abc'], ['0'], ['1.5'], ['99999999'], ['--', '-1']]) {
      const r = triage(dir!, 'stack', ...bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr, bad.join(' ')).toMatch(/^triage stack: .*(whole number|not a valid process id)/);
    }
    expect(parsePidArg('42')).toBe(42);
    expect(() => parsePidArg(undefined)).toThrow(/whole number/);
  });

  it('a process that does not exist: one sentence, exit 1', () => {
    const gone = spawnSync('true');
    const r = triage(dir!, 'stack', String(gone.pid));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^triage stack: /);
    expect(r.stdout).toBe('');
  });
});
