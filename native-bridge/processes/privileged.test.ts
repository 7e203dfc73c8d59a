import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionResult } from '../contract/processes.js';
import { helperArgs } from './privileged.js';
import { checkHelperTrust, INSTALL_COMMAND, INSTALLED_HELPER } from './privileged-helper-path.js';
import { createProcessService, type ProcessService } from './service.js';
import { here, perTestChildrenAndDir, statOf } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';
import { createLinuxSampler } from './sampler-linux.js';

const HELPER = join(here, 'privileged', 'triage-act.mjs');

/** Runs the helper as the tests run it: directly with node, as root, with an empty environment. */
function act(...args: string[]): { status: number | null; reply: { ok: boolean; code?: string; message: string } } {
  const run = spawnSync(process.execPath, [HELPER, ...args], { env: {}, encoding: 'utf8', timeout: 20_000 });
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return { status: run.status, reply: JSON.parse(lines[0]!) as { ok: boolean; code?: string; message: string } };
}

const perTest = perTestChildrenAndDir();

/**
 * A copy of the helper where an installed one would pass the ownership check: a fresh folder under /var/lib
 * (root-owned, 0755 all the way up). The temporary directory cannot serve: /tmp is writable by everyone.
 */
let trustedDir: string;
let TRUSTED: string;
beforeAll(() => {
  trustedDir = mkdtempSync('/var/lib/triage-test-');
  chmodSync(trustedDir, 0o755);
  TRUSTED = join(trustedDir, 'triage-act');
  copyFileSync(HELPER, TRUSTED);
  chmodSync(TRUSTED, 0o755);
});
afterAll(() => rmSync(trustedDir, { recursive: true, force: true }));

/** A pkexec stand-in that records that it ran (it must not, for an untrusted helper) and runs its argv. */
function standInPkexec(dir: string): { path: string; record: string } {
  const path = join(dir, 'pkexec');
  const record = join(dir, 'pkexec-ran.json');
  writeFileSync(
    path,
    `#!${process.execPath}\nconst { spawnSync } = require('node:child_process');\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ env: process.env, argv: process.argv.slice(2) }));\nconst r = spawnSync(process.argv[2], process.argv.slice(3), { stdio: 'inherit', env: {} });\nprocess.exit(r.status ?? 1);\n`,
  );
  chmodSync(path, 0o755);
  return { path, record };
}

describe('which helper may run as root (issue 15: planted or user-writable helpers)', () => {
  it('accepts a root-owned 0755 helper whose every parent folder is root-owned and closed to others', () => {
    expect(process.getuid?.()).toBe(0);
    expect(checkHelperTrust(TRUSTED)).toEqual({ ok: true, path: TRUSTED });
  });

  it('refuses a helper planted in a world-writable folder, like the one found above the working directory', () => {
    const shared = mkdtempSync(join(tmpdir(), 'triage-plant-'));
    try {
      chmodSync(shared, 0o1777);
      const planted = join(shared, 'native-bridge', 'processes', 'privileged', 'triage-act.mjs');
      mkdirSync(dirname(planted), { recursive: true, mode: 0o755 });
      copyFileSync(HELPER, planted);
      chmodSync(planted, 0o755);
      const trust = checkHelperTrust(planted);
      expect(trust).toMatchObject({ ok: false, missing: false });
      expect(trust.ok ? '' : trust.problem).toMatch(/writable by every user/);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('refuses a group-writable file, a file owned by another user, a symlink, a relative path and a missing file', () => {
    const dir = mkdtempSync(join(trustedDir, 'case-'));
    chmodSync(dir, 0o755);
    const groupWritable = join(dir, 'g');
    copyFileSync(HELPER, groupWritable);
    chmodSync(groupWritable, 0o775);
    expect(checkHelperTrust(groupWritable)).toMatchObject({ ok: false, problem: expect.stringMatching(/writable by its group/) });
    const foreign = join(dir, 'u');
    copyFileSync(HELPER, foreign);
    chmodSync(foreign, 0o755);
    chownSync(foreign, 65534, 65534);
    expect(checkHelperTrust(foreign)).toMatchObject({ ok: false, problem: expect.stringMatching(/owned by uid 65534/) });
    const link = join(dir, 'link');
    symlinkSync(TRUSTED, link);
    expect(checkHelperTrust(link)).toMatchObject({ ok: false, problem: expect.stringMatching(/symbolic link/) });
    expect(checkHelperTrust('native-bridge/processes/privileged/triage-act.mjs')).toMatchObject({ ok: false });
    expect(checkHelperTrust(join(dir, 'nope'))).toMatchObject({ ok: false, missing: true });
    // A folder above that another user owns is as bad as a writable one: they could swap the file.
    const userDir = mkdtempSync(join(trustedDir, 'user-'));
    chmodSync(userDir, 0o755);
    chownSync(userDir, 65534, 65534);
    const inUserDir = join(userDir, 'triage-act');
    copyFileSync(HELPER, inUserDir);
    chmodSync(inUserDir, 0o755);
    expect(checkHelperTrust(inUserDir)).toMatchObject({ ok: false, problem: `${userDir} is owned by uid 65534, not root.` });
  });

  it('is a function of lstat alone: a recorded lstat decides', () => {
    const root = { uid: 0, mode: 0o40755, isFile: () => false, isDirectory: () => true, isSymbolicLink: () => false };
    const file = { uid: 0, mode: 0o100755, isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false };
    const seen: string[] = [];
    const lstat = (p: string) => {
      seen.push(p);
      return p === INSTALLED_HELPER ? file : p === '/usr' ? { ...root, mode: 0o40777 } : root;
    };
    expect(checkHelperTrust(INSTALLED_HELPER, lstat)).toMatchObject({ ok: false, problem: '/usr is writable by every user (mode 777).' });
    expect(seen).toEqual([INSTALLED_HELPER, '/usr/lib/triage', '/usr/lib', '/usr']);
  });
});

describe('triage-act (the root helper), run directly', () => {
  it('stops a real child: /proc shows state T', async () => {
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const { status, reply } = act('signal', String(child.pid), String(statOf(child.pid)!.startTime), 'STOP');
    expect(reply).toMatchObject({ ok: true });
    expect(status).toBe(0);
    await waitFor(() => statOf(child.pid)?.state === 'T', 'state T');
  }, 30_000);

  it('renices a real child and the nice value reads back', async () => {
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const { reply } = act('renice', String(child.pid), String(statOf(child.pid)!.startTime), '-3');
    expect(reply.ok).toBe(true);
    expect(statOf(child.pid)!.nice).toBe(-3);
    expect(getPriority(child.pid)).toBe(-3);
  }, 30_000);

  it('sets idle I/O priority through /usr/bin/ionice', async () => {
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    expect(act('ionice', String(child.pid), String(statOf(child.pid)!.startTime), 'idle', '0').reply.ok).toBe(true);
    expect(spawnSync('/usr/bin/ionice', ['-p', String(child.pid)], { encoding: 'utf8' }).stdout.trim()).toBe('idle');
  }, 30_000);

  it('refuses a wrong start time and changes nothing', async () => {
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const before = statOf(child.pid)!;
    const stop = act('signal', String(child.pid), String(before.startTime + 1), 'STOP');
    expect(stop.reply).toMatchObject({ ok: false, code: 'PID_REUSED' });
    expect(stop.status).toBe(1);
    expect(act('renice', String(child.pid), String(before.startTime + 1), '10').reply.code).toBe('PID_REUSED');
    const after = statOf(child.pid)!;
    expect(after.state).not.toBe('T');
    expect(after.nice).toBe(before.nice);
  }, 30_000);

  it('refuses pid 1, its own parent, and every malformed argument before acting', async () => {
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const st = String(statOf(child.pid)!.startTime);
    const pid = String(child.pid);
    expect(act('signal', '1', String(statOf(1)!.startTime), 'TERM').reply).toMatchObject({ ok: false, code: 'REFUSED' });
    // Its parent is this test process.
    expect(act('signal', String(process.pid), String(statOf(process.pid)!.startTime), 'CONT').reply).toMatchObject({ ok: false, code: 'REFUSED' });
    const bad: string[][] = [
      ['signal', '-1', st, 'TERM'],
      ['signal', '0', st, 'TERM'],
      ['signal', '1.5', st, 'TERM'],
      ['signal', '$(id)', st, 'TERM'],
      ['signal', ` ${pid}`, st, 'TERM'],
      ['signal', '0x10', st, 'TERM'],
      ['signal', '99999999', st, 'TERM'],
      ['signal', pid, st, 'SIGKILL'],
      ['signal', pid, st, '9'],
      ['signal', pid, st, 'BOGUS'],
      ['signal', pid, '-5', 'STOP'],
      ['signal', pid, st, 'STOP', 'extra'],
      ['renice', pid, st, '20'],
      ['renice', pid, st, '-21'],
      ['renice', pid, st, '1.5'],
      ['renice', pid, st, '`id`'],
      ['ionice', pid, st, 'realtime', '8'],
      ['ionice', pid, st, '1', '4'],
      ['ionice', pid, st, '__proto__', '4'],
      ['chmod', pid, st, '777'],
      [],
    ];
    for (const args of bad) {
      const { status, reply } = act(...args);
      expect({ args, ok: reply.ok, code: reply.code }).toEqual({ args, ok: false, code: 'INVALID_INPUT' });
      expect(status).toBe(1);
    }
    expect(statOf(child.pid)!.state).not.toBe('T');
    expect(statOf(child.pid)!.nice).toBe(0);
  }, 60_000);
});

describe('processes.retryPrivileged', () => {
  let service: ProcessService;
  afterEach(() => service.close());

  it('without pkexec answers UNSUPPORTED with the exact command, acts not, and audits it', async () => {
    service = createProcessService({ makeSampler: () => createLinuxSampler(), auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: null, helperPath: TRUSTED });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const startTime = statOf(child.pid)!.startTime;
    const result = ActionResult.parse(await service['processes.retryPrivileged']({ pid: child.pid, startTime, action: { kind: 'signal', signal: 'STOP' } }));
    expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    expect(result.privileged).toEqual({
      argv: ['sudo', TRUSTED, 'signal', String(child.pid), String(startTime), 'STOP'],
      commandLine: `sudo ${TRUSTED} signal ${child.pid} ${startTime} STOP`,
      pkexecAvailable: false,
    });
    expect(result.message).toContain(result.privileged!.commandLine);
    expect(statOf(child.pid)!.state).not.toBe('T');
    const [entry] = (await service['processes.audit']({})).entries;
    expect(entry).toMatchObject({ action: 'privileged-signal', params: { signal: 'STOP', helper: TRUSTED }, target: { pid: child.pid }, result: { ok: false, code: 'UNSUPPORTED' } });
  }, 30_000);

  it('refuses a reused pid before asking for any password', async () => {
    service = createProcessService({ makeSampler: () => createLinuxSampler(), auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: '/nonexistent/pkexec', helperPath: TRUSTED });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const result = await service['processes.retryPrivileged']({ pid: child.pid, startTime: statOf(child.pid)!.startTime + 1, action: { kind: 'renice', nice: 5 } });
    expect(result).toMatchObject({ ok: false, code: 'PID_REUSED', target: null });
  }, 30_000);

  it('through a pkexec stand-in (pkexec is not installed here): runs the helper with a clean env and maps its reply', async () => {
    // The stand-in records its environment, then runs its argv like pkexec would once polkit said yes.
    const { path: standIn, record: envFile } = standInPkexec(perTest.dir.path);
    service = createProcessService({ makeSampler: () => createLinuxSampler(), auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: standIn, helperPath: TRUSTED });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const startTime = statOf(child.pid)!.startTime;
    const result = await service['processes.retryPrivileged']({ pid: child.pid, startTime, action: { kind: 'signal', signal: 'STOP' } });
    expect(result).toMatchObject({ ok: true, target: { pid: child.pid, name: 'sleep' } });
    await waitFor(() => statOf(child.pid)?.state === 'T', 'state T');
    const seen = JSON.parse(readFileSync(envFile, 'utf8')) as { env: Record<string, string>; argv: string[] };
    expect(seen.argv).toEqual([TRUSTED, 'signal', String(child.pid), String(startTime), 'STOP']);
    expect(Object.keys(seen.env).filter((k) => !['DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY'].includes(k))).toEqual(['PATH']);
    expect(seen.env.PATH).toBe('/usr/bin:/bin');
    const [entry] = (await service['processes.audit']({})).entries;
    expect(entry).toMatchObject({ action: 'privileged-signal', params: { helper: TRUSTED }, result: { ok: true } });
  }, 30_000);

  it('a planted helper in a world-writable folder never reaches pkexec: the install command instead, no retry offered, audited', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'triage-plant-'));
    chmodSync(shared, 0o1777);
    const planted = join(shared, 'triage-act');
    copyFileSync(HELPER, planted);
    chmodSync(planted, 0o755);
    try {
      const { path: standIn, record } = standInPkexec(perTest.dir.path);
      service = createProcessService({ makeSampler: () => createLinuxSampler(), auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: standIn, helperPath: planted });
      const child = perTest.children.sleep();
      await waitFor(() => statOf(child.pid) !== null, 'child to appear');
      const result = ActionResult.parse(await service['processes.retryPrivileged']({ pid: child.pid, startTime: statOf(child.pid)!.startTime, action: { kind: 'signal', signal: 'STOP' } }));
      expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
      expect(result.privileged).toBeUndefined();
      expect(result.message).toContain('not safe to run as root');
      expect(result.message).toContain(INSTALL_COMMAND);
      expect(existsSync(record)).toBe(false);
      expect(statOf(child.pid)!.state).not.toBe('T');
      const [entry] = (await service['processes.audit']({})).entries;
      expect(entry).toMatchObject({ action: 'privileged-signal', params: { helper: planted }, result: { ok: false, code: 'UNSUPPORTED' } });
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  }, 30_000);

  it.skipIf(existsSync(INSTALLED_HELPER))('by default only the installed path counts: the repo copy under the working directory is never run', async () => {
    // The working directory is this checkout, which holds native-bridge/processes/privileged/triage-act.mjs.
    expect(existsSync(join(process.cwd(), 'native-bridge', 'processes', 'privileged', 'triage-act.mjs'))).toBe(true);
    const { path: standIn, record } = standInPkexec(perTest.dir.path);
    service = createProcessService({ makeSampler: () => createLinuxSampler(), auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: standIn });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const result = await service['processes.retryPrivileged']({ pid: child.pid, startTime: statOf(child.pid)!.startTime, action: { kind: 'signal', signal: 'STOP' } });
    expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    expect(result.message).toContain(`not installed at ${INSTALLED_HELPER}`);
    expect(result.message).toContain(INSTALL_COMMAND);
    expect(existsSync(record)).toBe(false);
  }, 30_000);

  it('builds helper arguments only from validated fields', () => {
    expect(helperArgs({ pid: 5, startTime: 7, action: { kind: 'ionice', class: 'best-effort', level: 2 } })).toEqual(['ionice', '5', '7', 'best-effort', '2']);
    expect(helperArgs({ pid: 5, startTime: 7, action: { kind: 'renice', nice: -4 } })).toEqual(['renice', '5', '7', '-4']);
  });
});
