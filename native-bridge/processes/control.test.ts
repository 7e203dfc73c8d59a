import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.js';
import { createProcessControl } from './control.js';
import { describePid } from './read-target.js';
import { compileEntry, here, perTestChildrenAndDir, statOf, waitGone } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';

const perTest = perTestChildrenAndDir();

const control = () => createProcessControl({ auditPath: join(perTest.dir.path, 'audit.jsonl') });
const auditLines = (): string[] =>
  readFileSync(join(perTest.dir.path, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0);

describe('signals on real children', () => {
  it('stop shows state T in /proc, continue clears it, terminate and kill end others', async () => {
    const c = control();
    const a = perTest.children.sleep();
    const b = perTest.children.sleep();
    const d = perTest.children.sleep();
    await waitFor(() => statOf(d.pid)?.comm === 'sleep', 'children to exec');
    const start = (pid: number) => statOf(pid)!.startTime;

    const stopped = await c.act({ pid: a.pid, startTime: start(a.pid), action: { kind: 'signal', signal: 'STOP' } });
    expect(stopped).toMatchObject({ ok: true, target: { pid: a.pid, name: 'sleep', user: 'root' } });
    expect(stopped.message).toContain(`sleep (pid ${a.pid})`);
    await waitFor(() => statOf(a.pid)?.state === 'T', 'state T');

    const continued = await c.act({ pid: a.pid, startTime: start(a.pid), action: { kind: 'signal', signal: 'CONT' } });
    expect(continued.ok).toBe(true);
    await waitFor(() => statOf(a.pid)?.state !== 'T', 'state not T');

    expect((await c.act({ pid: b.pid, startTime: start(b.pid), action: { kind: 'signal', signal: 'TERM' } })).ok).toBe(true);
    expect((await c.act({ pid: d.pid, startTime: start(d.pid), action: { kind: 'signal', signal: 'KILL' } })).ok).toBe(true);
    await waitGone(b);
    await waitGone(d);
    expect(b.signalCode).toBe('SIGTERM');
    expect(d.signalCode).toBe('SIGKILL');
    expect(statOf(b.pid)).toBeNull();

    // One line per action, each valid JSON naming the action and target.
    const lines = auditLines().map((l) => JSON.parse(l) as { action: string; params: { signal: string }; target: { pid: number }; result: { ok: boolean } });
    expect(lines.map((l) => [l.params.signal, l.target.pid, l.result.ok])).toEqual([
      ['STOP', a.pid, true],
      ['CONT', a.pid, true],
      ['TERM', b.pid, true],
      ['KILL', d.pid, true],
    ]);
    // Each result carries the line it appended, word for word.
    expect(JSON.parse(auditLines()[0]!)).toEqual(stopped.audit);
    expect(JSON.parse(auditLines()[1]!)).toEqual(continued.audit);
  });

  it('refuses a start time that does not match (pid reused) and leaves the process alone', async () => {
    const c = control();
    const a = perTest.children.sleep();
    await waitFor(() => statOf(a.pid)?.comm === 'sleep', 'exec');
    const result = await c.act({ pid: a.pid, startTime: statOf(a.pid)!.startTime - 1, action: { kind: 'signal', signal: 'KILL' } });
    expect(result).toMatchObject({ ok: false, code: 'PID_REUSED', target: null });
    expect(result.message).toContain('not the one you selected');
    expect(statOf(a.pid)?.state).not.toBe('Z');
    expect(a.exitCode).toBeNull();
    expect(auditLines()).toHaveLength(1);
    expect(JSON.parse(auditLines()[0]!)).toMatchObject({ result: { ok: false, code: 'PID_REUSED' }, target: { name: null } });
  });

  it('refuses pid 1 and its own process unless forced', async () => {
    const c = control();
    const init = await c.act({ pid: 1, startTime: statOf(1)!.startTime, action: { kind: 'signal', signal: 'CONT' } });
    expect(init).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(init.message).toContain('init process');
    const self = await c.act({ pid: process.pid, startTime: statOf(process.pid)!.startTime, action: { kind: 'signal', signal: 'CONT' } });
    expect(self).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(self.message).toContain('Triage itself');
    const parent = await c.act({ pid: process.ppid, startTime: statOf(process.ppid)!.startTime, action: { kind: 'signal', signal: 'CONT' } });
    expect(parent).toMatchObject({ ok: false, code: 'REFUSED' });
    // CONT to a running process is harmless, so force can be proven on pid 1 for real.
    const forced = await c.act({ pid: 1, startTime: statOf(1)!.startTime, action: { kind: 'signal', signal: 'CONT' }, force: true });
    expect(forced.ok).toBe(true);
    expect(auditLines().map((l) => (JSON.parse(l) as { forced: boolean }).forced)).toEqual([false, false, false, true]);
  });

  it("refuses Triage's own helper processes (same executable, below it) but not other children", async () => {
    const c = control();
    const helper = perTest.children.spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const sleeper = perTest.children.sleep();
    await waitFor(() => statOf(sleeper.pid)?.comm === 'sleep' && statOf(helper.pid) !== null, 'exec');
    const refused = await c.act({ pid: helper.pid, startTime: statOf(helper.pid)!.startTime, action: { kind: 'signal', signal: 'TERM' } });
    expect(refused).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(refused.message).toContain("Triage's own processes");
    expect((await c.act({ pid: sleeper.pid, startTime: statOf(sleeper.pid)!.startTime, action: { kind: 'signal', signal: 'TERM' } })).ok).toBe(true);
  });

  it('describePid gives the CLI the identity to confirm and pass on', async () => {
    const a = perTest.children.sleep();
    await waitFor(() => statOf(a.pid)?.comm === 'sleep', 'exec');
    expect(describePid(a.pid, (uid) => (uid === 0 ? 'root' : String(uid)))).toEqual({
      pid: a.pid,
      startTime: statOf(a.pid)!.startTime,
      name: 'sleep',
      user: 'root',
      cmdline: '/bin/sleep 1000',
    });
    a.kill('SIGKILL');
    await waitGone(a);
    expect(describePid(a.pid, String)).toBeNull();
  });

  it('a vanished pid says it already exited', async () => {
    const c = control();
    const a = perTest.children.sleep();
    await waitFor(() => statOf(a.pid)?.comm === 'sleep', 'exec');
    const start = statOf(a.pid)!.startTime;
    a.kill('SIGKILL');
    await waitGone(a);
    const result = await c.act({ pid: a.pid, startTime: start, action: { kind: 'signal', signal: 'TERM' } });
    expect(result).toMatchObject({ ok: false, code: 'ESRCH' });
    expect(result.message).toBe(`Process ${a.pid} already exited, so nothing was done.`);
  });

  it('rejects bad pids, signals and nice values before any syscall, and audits the refusal', async () => {
    const c = control();
    for (const pid of ['12', 1.5, 0, -1, 99_999_999]) {
      const result = await c.act({ pid, startTime: 1, action: { kind: 'signal', signal: 'KILL' } });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(result.message).toContain('process id must be a whole number');
    }
    expect((await c.act({ pid: 5, startTime: 1, action: { kind: 'signal', signal: 'SIGKILL; rm -rf /' } })).message).toContain('signal is not one');
    expect((await c.act({ pid: 5, startTime: 1, action: { kind: 'renice', nice: 20 } })).code).toBe('INVALID_INPUT');
    expect((await c.act({ pid: 5, startTime: 1, action: { kind: 'renice', nice: -21 } })).code).toBe('INVALID_INPUT');
    expect((await c.act({ pid: 5, startTime: 1, action: { kind: 'ionice', class: 'best-effort', level: 8 } })).code).toBe('INVALID_INPUT');
    expect(auditLines()).toHaveLength(9);
    // A refused request is audited under the kind it asked for.
    expect(auditLines().map((l) => (JSON.parse(l) as { action: string }).action).slice(-3)).toEqual(['renice', 'renice', 'ionice']);
  });
});

describe('priorities', () => {
  it('renice: the new nice value reads back from /proc', async () => {
    const c = control();
    const a = perTest.children.sleep();
    await waitFor(() => statOf(a.pid)?.comm === 'sleep', 'exec');
    const result = await c.act({ pid: a.pid, startTime: statOf(a.pid)!.startTime, action: { kind: 'renice', nice: 7 } });
    expect(result.ok).toBe(true);
    expect(result.message).toContain('to 7 (was 0)');
    expect(statOf(a.pid)!.nice).toBe(7);
    expect((await c.act({ pid: a.pid, startTime: statOf(a.pid)!.startTime, action: { kind: 'renice', nice: -3 } })).ok).toBe(true);
    expect(statOf(a.pid)!.nice).toBe(-3);
  });

  it('ionice: class and level read back with ionice -p', async () => {
    const c = control();
    const a = perTest.children.sleep();
    await waitFor(() => statOf(a.pid)?.comm === 'sleep', 'exec');
    const start = statOf(a.pid)!.startTime;
    const readBack = () => execFileSync('/usr/bin/ionice', ['-p', String(a.pid)], { encoding: 'utf8' }).trim();
    expect((await c.act({ pid: a.pid, startTime: start, action: { kind: 'ionice', class: 'best-effort', level: 6 } })).ok).toBe(true);
    expect(readBack()).toBe('best-effort: prio 6');
    expect((await c.act({ pid: a.pid, startTime: start, action: { kind: 'ionice', class: 'idle' } })).ok).toBe(true);
    expect(readBack()).toBe('idle');
    const gone = await c.act({ pid: a.pid, startTime: start + 1, action: { kind: 'ionice', class: 'idle' } });
    expect(gone.code).toBe('PID_REUSED');
  });
});

describe('as an unprivileged user', () => {
  it("EPERM on root's process: names the owner and offers the exact privileged command", async () => {
    chmodSync(perTest.dir.path, 0o777);
    const script = await compileEntry(
      perTest.dir.path,
      'as-nobody',
      `import { spawn } from 'node:child_process';
       import { readFileSync } from 'node:fs';
       import { createProcessControl } from ${JSON.stringify(join(here, 'control.ts'))};
       import { parsePidStat as parseStat } from ${JSON.stringify(join(here, '../procfs/parse-pid-stat.ts'))};
       const [pid, startTime] = process.argv.slice(2).map(Number);
       const c = createProcessControl({ auditPath: ${JSON.stringify(join(perTest.dir.path, 'nobody-audit.jsonl'))} });
       const own = spawn('/bin/sleep', ['1000'], { stdio: 'ignore' });
       let ownStart = null;
       while (ownStart === null || parseStat(readFileSync('/proc/' + own.pid + '/stat', 'utf8')).comm !== 'sleep') {
         await new Promise((r) => setTimeout(r, 20));
         ownStart = parseStat(readFileSync('/proc/' + own.pid + '/stat', 'utf8')).startTime;
       }
       const results = [
         await c.act({ pid, startTime, action: { kind: 'signal', signal: 'STOP' } }),
         await c.act({ pid, startTime, action: { kind: 'renice', nice: 5 } }),
         await c.act({ pid: own.pid, startTime: ownStart, action: { kind: 'renice', nice: -5 } }),
         await c.act({ pid: own.pid, startTime: ownStart, action: { kind: 'ionice', class: 'realtime', level: 1 } }),
         await c.act({ pid: own.pid, startTime: ownStart, action: { kind: 'signal', signal: 'KILL' } }),
       ];
       process.stdout.write(JSON.stringify(results));`,
    );
    const target = perTest.children.sleep();
    await waitFor(() => statOf(target.pid)?.comm === 'sleep', 'exec');
    const start = statOf(target.pid)!.startTime;
    const run = spawnSync(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, script, String(target.pid), String(start)],
      { cwd: perTest.dir.path, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).toBe('');
    const [signal, renice, raise, realtime, killOwn] = JSON.parse(run.stdout) as Array<{ ok: boolean; code: string; message: string; privileged: { argv: string[]; commandLine: string; pkexecAvailable: boolean } }>;
    const pkexec = spawnSync('/usr/bin/which', ['pkexec']).status === 0;
    const prefix = pkexec ? 'pkexec' : 'sudo';
    expect(signal).toMatchObject({ ok: false, code: 'EPERM' });
    expect(signal!.message).toContain(`sleep (pid ${target.pid}) belongs to another user: root.`);
    expect(signal!.privileged.pkexecAvailable).toBe(pkexec);
    expect(signal!.privileged.commandLine).toMatch(new RegExp(`${prefix} /usr/bin/kill -s STOP ${target.pid}$`));
    expect(signal!.message).toContain(signal!.privileged.commandLine);
    expect(renice).toMatchObject({ ok: false, code: 'EPERM' });
    expect(renice!.privileged.commandLine).toMatch(new RegExp(`${prefix} /usr/bin/renice -n 5 -p ${target.pid}$`));
    // Its own process: raising priority and realtime I/O need privilege, killing it does not.
    expect(raise).toMatchObject({ ok: false, code: 'EPERM' });
    expect(raise!.message).toContain('Raising the priority of sleep');
    expect(raise!.privileged.commandLine).toMatch(/renice -n -5 -p \d+$/);
    expect(realtime).toMatchObject({ ok: false, code: 'EPERM' });
    expect(realtime!.message).toContain('Realtime I/O priority for sleep');
    expect(realtime!.privileged.commandLine).toMatch(/ionice -c 1 -n 1 -p \d+$/);
    expect(killOwn!.ok).toBe(true);
    // Nothing happened to the target.
    expect(statOf(target.pid)!.state).not.toBe('T');
    expect(statOf(target.pid)!.nice).toBe(0);
    // The unprivileged run audited both refusals in its own log.
    expect(createAuditLog(join(perTest.dir.path, 'nobody-audit.jsonl')).read().map((e) => e.result.code ?? 'ok')).toEqual(['EPERM', 'EPERM', 'EPERM', 'EPERM', 'ok']);
  });
});
