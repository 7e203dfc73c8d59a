import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChangesList } from '../contract/changes.js';
import { parsePidStat } from '../procfs/parse-pid-stat.js';
import { readKmsgRing } from '../../test-support/kmsg-ring.js';
import { createAuditLog } from '../processes/audit-log.js';
import { realBackend } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';
import { createChangesService, type ChangePaths } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = join(dir, 'no-such-file');

/** Every file source pointed at the test's own places; the rest (kmsg, /proc/stat) is the machine's. */
function service(paths: Partial<ChangePaths>, auditPath = join(dir, 'audit.jsonl')) {
  const audit = createAuditLog(auditPath);
  const impl = createChangesService({
    paths: { dpkgLog: missing, aptHistory: missing, dnfRpmLog: missing, configRoot: missing, ...paths },
    auditEntries: () => audit.readCounted(),
    auditPath,
  });
  return async (input: { sinceMs?: number; untilMs?: number } = {}) => ChangesList.parse(await impl['changes.list'](input));
}
const sourceNamed = (list: ChangesList, prefix: string) => list.sources.find((s) => s.name.startsWith(prefix));

describe('changes.list', () => {
  it('a file modified under the config root within the window is listed; older ones, symlinks and deep files are not', async () => {
    const root = join(dir, 'etc');
    mkdirSync(join(root, 'a', 'b', 'c', 'd', 'e'), { recursive: true });
    writeFileSync(join(root, 'old.conf'), 'x');
    utimesSync(join(root, 'old.conf'), new Date(Date.now() - 5 * 3_600_000), new Date(Date.now() - 5 * 3_600_000));
    writeFileSync(join(root, 'a', 'new.conf'), 'x');
    writeFileSync(join(root, 'a', 'b', 'c', 'd', 'e', 'too-deep.conf'), 'x');
    spawnSync('ln', ['-s', '/etc/hostname', join(root, 'link')]);
    const list = await service({ configRoot: root })();
    const config = list.events.filter((e) => e.kind === 'config').map((e) => e.detail);
    expect(config).toEqual([join(root, 'a', 'new.conf')]);
    expect(sourceNamed(list, 'configuration files')).toMatchObject({ status: 'read' });
  });

  it('a missing source is "absent" with a reason, never an empty read', async () => {
    const list = await service({})();
    for (const name of ['dpkg log', 'apt history', 'dnf/rpm log', 'configuration files']) {
      expect(sourceNamed(list, name)).toMatchObject({ status: 'absent', why: expect.stringContaining('does not exist') });
    }
    // This machine runs no systemd: the journal source says so instead of answering "no unit changed".
    expect(sourceNamed(list, 'systemd units')).toMatchObject({ status: 'absent', why: expect.stringContaining('systemd is not running') });
  });

  it('a 000-mode log read as an ordinary user is "denied"', () => {
    const locked = join(dir, 'locked.log');
    writeFileSync(locked, '2026-12-04 10:31:02 install foo:amd64 <none> 1.0\n');
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    const script = join(dir, 'probe.mts');
    writeFileSync(
      script,
      `import { createChangesService } from ${JSON.stringify(join(import.meta.dirname, 'service.ts'))};
const impl = createChangesService({ paths: { dpkgLog: ${JSON.stringify(locked)}, aptHistory: ${JSON.stringify(missing)} }, auditEntries: () => ({ entries: [], damaged: 0 }), auditPath: 'none' });
process.stdout.write(JSON.stringify(await impl['changes.list']({})));`,
    );
    chmodSync(script, 0o644);
    // Root reads any file: the check needs an unprivileged process (nobody).
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '..', '..'), uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir } });
    expect(run.stderr).toBe('');
    const list = ChangesList.parse(JSON.parse(run.stdout));
    expect(sourceNamed(list, 'dpkg log')).toMatchObject({ status: 'denied', why: expect.stringContaining('not allowed') });
    expect(list.events.filter((e) => e.kind === 'package')).toEqual([]);
  });

  it('a package log kept from the last call is read again once it grew, was rotated or was replaced', async () => {
    const log = join(dir, 'dpkg-kept.log');
    const at = (minutesAgo: number) => {
      const d = new Date(Date.now() - minutesAgo * 60_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    };
    const line = (minutesAgo: number, pkg: string) => `${at(minutesAgo)} install ${pkg}:amd64 <none> 1.0\n`;
    const list = service({ dpkgLog: log });
    const packages = async () => (await list()).events.filter((e) => e.kind === 'package').map((e) => e.title);
    writeFileSync(log, line(30, 'first'));
    expect(await packages()).toEqual(['installed first:amd64 1.0']);
    expect(await packages()).toEqual(['installed first:amd64 1.0']);
    writeFileSync(log, line(30, 'first') + line(20, 'second'));
    expect(await packages()).toEqual(['installed second:amd64 1.0', 'installed first:amd64 1.0']);
    // logrotate: the log moves to .1 and a new one starts; both are read.
    renameSync(log, `${log}.1`);
    writeFileSync(log, line(10, 'third'));
    expect(await packages()).toEqual(['installed third:amd64 1.0', 'installed second:amd64 1.0', 'installed first:amd64 1.0']);
    // Replaced by a file of the same size: another inode.
    const other = join(dir, 'dpkg-other.log');
    writeFileSync(other, line(10, 'fifth'));
    renameSync(other, log);
    expect(await packages()).toEqual(['installed fifth:amd64 1.0', 'installed second:amd64 1.0', 'installed first:amd64 1.0']);
    rmSync(`${log}.1`);
    expect(await packages()).toEqual(['installed fifth:amd64 1.0']);
  });

  it('a bad window is refused with a sentence', async () => {
    const list = service({});
    await expect(list({ sinceMs: 2000, untilMs: 1000 })).rejects.toThrow(/after its end/);
    await expect(list({ sinceMs: 0, untilMs: 40 * 86_400_000 })).rejects.toThrow(/31 days/);
  });

  it('"PM: suspend exit" written into /dev/kmsg from user space is not a resume; the ring is read for sleeps', async () => {
    const tag = `triage-forged-resume-${process.pid}-${Date.now().toString(36)}`;
    // Root may write "<6>" (kernel facility, info) but the kernel stamps user writes facility 1 whatever they claim.
    writeFileSync('/dev/kmsg', `<6>PM: suspend exit ${tag}\n`);
    writeFileSync('/dev/kmsg', `<6>ACPI: PM: Waking up from system sleep state S3 ${tag}\n`);
    await until(() => readKmsgRing().filter((r) => r.message.includes(tag) && r.facility === 1).length === 2, 'the forged lines in the ring');
    const list = await service({})();
    expect(list.events.filter((e) => e.title.includes(tag) || e.detail.includes(tag))).toEqual([]);
    expect(sourceNamed(list, 'sleep in the kernel log')).toMatchObject({ status: 'read' });
    expect(sourceNamed(list, 'systemd-sleep')).toMatchObject({ status: 'absent', why: expect.stringContaining('systemd is not running') });
  });

  it('the boot comes from /proc/stat btime', async () => {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]) * 1000;
    const list = await service({})({ sinceMs: btime - 1000, untilMs: btime + 1000 });
    expect(list.events.filter((e) => e.kind === 'boot').map((e) => e.time)).toEqual([btime]);
  });

  it("Triage's own action (STOP then CONT through the backend) appears as triage-action at its time", async () => {
    const backend = realBackend();
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      let startTime = -1;
      await until(() => {
        const stat = (() => { try { return parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return null; } })();
        if (stat?.comm !== 'sleep') return false;
        startTime = stat.startTime;
        return true;
      }, 'sleep to exec');
      const before = Date.now();
      expect((await backend.implementation['processes.act']({ pid, startTime, action: { kind: 'signal', signal: 'STOP' } })).ok).toBe(true);
      expect((await backend.implementation['processes.act']({ pid, startTime, action: { kind: 'signal', signal: 'CONT' } })).ok).toBe(true);
      const list = ChangesList.parse(await backend.implementation['changes.list']({}));
      const actions = list.events.filter((e) => e.kind === 'triage-action' && e.title.includes(`(pid ${pid})`));
      expect(actions.map((e) => e.title)).toEqual([expect.stringMatching(/^signal CONT on sleep .* by root$/), expect.stringMatching(/^signal STOP on sleep .* by root$/)]);
      for (const a of actions) expect(Math.abs(a.time - before)).toBeLessThan(120_000);
    } finally {
      child.kill('SIGKILL');
      backend.close();
    }
  });
});
