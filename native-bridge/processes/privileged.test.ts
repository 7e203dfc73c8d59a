import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionResult } from '../contract/processes.js';
import { helperArgs } from './privileged.js';
import { createProcessService, type ProcessService } from './service.js';
import { here, perTestChildrenAndDir, statOf, waitFor } from './test-support.js';

const HELPER = join(here, 'privileged', 'triage-act.mjs');

/** Runs the helper as the tests run it: directly with node, as root, with an empty environment. */
function act(...args: string[]): { status: number | null; reply: { ok: boolean; code?: string; message: string } } {
  const run = spawnSync(process.execPath, [HELPER, ...args], { env: {}, encoding: 'utf8', timeout: 20_000 });
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return { status: run.status, reply: JSON.parse(lines[0]!) as { ok: boolean; code?: string; message: string } };
}

const perTest = perTestChildrenAndDir();

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
    service = createProcessService({ auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: null, helperPath: HELPER });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const startTime = statOf(child.pid)!.startTime;
    const result = ActionResult.parse(await service['processes.retryPrivileged']({ pid: child.pid, startTime, action: { kind: 'signal', signal: 'STOP' } }));
    expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    expect(result.privileged).toEqual({
      argv: ['sudo', HELPER, 'signal', String(child.pid), String(startTime), 'STOP'],
      commandLine: `sudo ${HELPER} signal ${child.pid} ${startTime} STOP`,
      pkexecAvailable: false,
    });
    expect(result.message).toContain(result.privileged!.commandLine);
    expect(statOf(child.pid)!.state).not.toBe('T');
    const [entry] = (await service['processes.audit']({})).entries;
    expect(entry).toMatchObject({ action: 'privileged-signal', params: { signal: 'STOP' }, target: { pid: child.pid }, result: { ok: false, code: 'UNSUPPORTED' } });
  }, 30_000);

  it('refuses a reused pid before asking for any password', async () => {
    service = createProcessService({ auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: '/nonexistent/pkexec', helperPath: HELPER });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const result = await service['processes.retryPrivileged']({ pid: child.pid, startTime: statOf(child.pid)!.startTime + 1, action: { kind: 'renice', nice: 5 } });
    expect(result).toMatchObject({ ok: false, code: 'PID_REUSED', target: null });
  }, 30_000);

  it('through a pkexec stand-in (pkexec is not installed here): runs the helper with a clean env and maps its reply', async () => {
    // The stand-in records its environment, then runs its argv like pkexec would once polkit said yes.
    const standIn = join(perTest.dir.path, 'pkexec');
    const envFile = join(perTest.dir.path, 'env.json');
    writeFileSync(
      standIn,
      `#!${process.execPath}\nconst { spawnSync } = require('node:child_process');\nrequire('node:fs').writeFileSync(${JSON.stringify(envFile)}, JSON.stringify({ env: process.env, argv: process.argv.slice(2) }));\nconst r = spawnSync(process.argv[2], process.argv.slice(3), { stdio: 'inherit', env: {} });\nprocess.exit(r.status ?? 1);\n`,
    );
    chmodSync(standIn, 0o755);
    service = createProcessService({ auditPath: join(perTest.dir.path, 'audit.jsonl'), pkexecPath: standIn, helperPath: HELPER });
    const child = perTest.children.sleep();
    await waitFor(() => statOf(child.pid) !== null, 'child to appear');
    const startTime = statOf(child.pid)!.startTime;
    const result = await service['processes.retryPrivileged']({ pid: child.pid, startTime, action: { kind: 'signal', signal: 'STOP' } });
    expect(result).toMatchObject({ ok: true, target: { pid: child.pid, name: 'sleep' } });
    await waitFor(() => statOf(child.pid)?.state === 'T', 'state T');
    const seen = JSON.parse(readFileSync(envFile, 'utf8')) as { env: Record<string, string>; argv: string[] };
    expect(seen.argv).toEqual([HELPER, 'signal', String(child.pid), String(startTime), 'STOP']);
    expect(Object.keys(seen.env).filter((k) => !['DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY'].includes(k))).toEqual(['PATH']);
    expect(seen.env.PATH).toBe('/usr/bin:/bin');
    const [entry] = (await service['processes.audit']({})).entries;
    expect(entry).toMatchObject({ action: 'privileged-signal', result: { ok: true } });
  }, 30_000);

  it('builds helper arguments only from validated fields', () => {
    expect(helperArgs({ pid: 5, startTime: 7, action: { kind: 'ionice', class: 'best-effort', level: 2 } })).toEqual(['ionice', '5', '7', 'best-effort', '2']);
    expect(helperArgs({ pid: 5, startTime: 7, action: { kind: 'renice', nice: -4 } })).toEqual(['renice', '5', '7', '-4']);
  });
});
