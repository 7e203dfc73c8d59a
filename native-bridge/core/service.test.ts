import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreContract, CoreStatus } from '../contract/core.js';
import { createCoreService } from './service.js';
import { coreGdbArgv } from './gdb-argv.js';
import { compileFixture, crashForCore, FIXTURES, makeTempDir, removeDir, type ProducedCore } from './test-support/crash-programs.js';

let dir: string | undefined;
let exe: string;
let produced: ProducedCore;
const service = createCoreService();

beforeAll(async () => {
  dir = await makeTempDir();
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
});

afterAll(async () => {
  service.dispose();
  await removeDir(dir);
});

/** Calls an endpoint the way the dispatcher does: input and output through the contract's schemas. */
async function call<K extends 'core.status' | 'core.open' | 'core.list' | 'core.libraries'>(name: K, input: unknown) {
  const def = coreContract[name];
  const parsed = def.input.parse(input);
  const fn = service[name] as (i: typeof parsed) => Promise<unknown>;
  return def.output.parse(await fn(parsed));
}

describe('core service over the contract', () => {
  it('core.status describes this machine', async () => {
    const status = CoreStatus.parse(await call('core.status', {}));
    expect(status.pattern).toBe(readFileSync('/proc/sys/kernel/core_pattern', 'utf8').replace(/\n$/, ''));
    expect(['yes', 'no', 'depends']).toContain(status.willDump);
    expect(status.howToEnable.forSession).toBe('ulimit -c unlimited');
  });

  it('core.status reads a systemd-coredump machine from a fixture /proc', async () => {
    const fixtureService = createCoreService({ procRoot: `${FIXTURES}proc-systemd` });
    const status = await fixtureService['core.status']({ pid: 4242 });
    expect(status).toMatchObject({ handler: 'systemd-coredump', willDump: 'no', pidLimit: { pid: 4242, soft: 0, hard: null } });
    await expect(fixtureService['core.status']({ pid: 5 })).rejects.toMatchObject({ code: 'ESRCH' });
  });

  it('core.open returns the analysis; core.list and core.libraries answer', async () => {
    const analysis = (await call('core.open', { path: produced.corePath })) as { signal: { name: string } | null; threads: { frames: { function: string | null }[] }[] };
    expect(analysis.signal?.name).toBe('SIGSEGV');
    expect(analysis.threads[0]!.frames.map((f) => f.function)).toContain('parse_config');
    const list = (await call('core.list', { folders: [produced.corePath.replace(/\/[^/]+$/, '')] })) as { crashes: { path: string | null }[] };
    expect(list.crashes.map((c) => c.path)).toContain(produced.corePath);
    const libs = (await call('core.libraries', { path: produced.corePath, exe })) as { libraries: unknown[] };
    expect(libs.libraries.length).toBeGreaterThan(0);
  });

  it('core.launchWithCores starts a program with cores on, reports its exit, and its core can be opened', async () => {
    const cwd = await mkdtemp(join(dir!, 'launch-'));
    let exited: (v: { pid: number; signal: string | null }) => void = () => undefined;
    const done = new Promise<{ pid: number; signal: string | null }>((r) => (exited = r));
    const launching = createCoreService({ onLaunchedExit: (child, result) => exited({ pid: child.pid, signal: result.signal }) });
    const started = coreContract['core.launchWithCores'].output.parse(await launching['core.launchWithCores']({ argv: [exe], cwd }));
    expect(started.argv).toEqual([exe]);
    const result = await done;
    expect(result).toEqual({ pid: started.pid, signal: 'SIGSEGV' });
    if (produced.madeBy === 'kernel') {
      expect(started.coreWillGo).toContain(cwd);
      const core = readdirSync(cwd).find((n) => /^core/.test(n))!;
      const analysis = await launching['core.open']({ path: join(cwd, core) });
      expect(analysis.core.pid).toBe(started.pid);
    }
  });

  it('core.launchWithCores is marked as mutating; contract inputs reject junk', () => {
    expect(coreContract['core.launchWithCores'].mutates).toBe(true);
    expect(coreContract['core.open'].mutates).toBe(false);
    expect(coreContract['core.liveBacktrace'].input.safeParse({ pid: '12' }).success).toBe(false);
    expect(coreContract['core.liveBacktrace'].input.safeParse({ pid: -1 }).success).toBe(false);
    expect(coreContract['core.liveBacktrace'].input.safeParse({ pid: 1.5 }).success).toBe(false);
    expect(coreContract['core.open'].input.safeParse({ path: '/x', extra: 1 }).success).toBe(false);
  });

  it('coreGdbArgv builds a safe interactive gdb command', () => {
    const argv = coreGdbArgv('/tmp/-core', '/tmp/-exe', '/usr/bin/gdb');
    expect(argv).toEqual(['/usr/bin/gdb', '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--', '/tmp/-exe', '/tmp/-core']);
    expect(() => coreGdbArgv('core', '/bin/x')).toThrow(/absolute/);
  });
});
