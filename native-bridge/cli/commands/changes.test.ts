import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChangesList } from '../../contract/changes.js';
import { readKmsgRing } from '../../../test-support/kmsg-ring.js';
import { until } from '../../../test-support/until.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'triage-changes-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function changes(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'changes', ...args], {
    encoding: 'utf8',
    cwd: repo,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const listed = (...args: string[]): ChangesList => ChangesList.parse(JSON.parse(changes('--json', ...args).stdout));

/** dpkg refuses while another dpkg or apt holds its lock (other work runs on this machine): retry until a deadline. */
async function dpkg(...args: string[]): Promise<void> {
  let last = '';
  await until(() => {
    const run = spawnSync('dpkg', args, { encoding: 'utf8' });
    last = run.stderr;
    if (run.status === 0) return true;
    if (!/lock/i.test(run.stderr)) throw new Error(`dpkg ${args.join(' ')} failed: ${run.stderr}`);
    return false;
  }, `the dpkg lock (${last})`, 120_000, () => new Promise((r) => setTimeout(r, 500)));
}

describe('triage changes', () => {
  it('a real dpkg -i and dpkg -r of a package built here are listed as package changes at their time', async () => {
    // Unique per run: an earlier run's package of the same pid would be in the same 5-minute window.
    const name = `triage-test-pkg-${process.pid}-${Date.now().toString(36)}`;
    const root = join(home, 'pkg');
    mkdirSync(join(root, 'DEBIAN'), { recursive: true });
    writeFileSync(join(root, 'DEBIAN', 'control'), `Package: ${name}\nVersion: 1.0\nArchitecture: all\nMaintainer: Triage tests <t@example.invalid>\nDescription: throwaway package for the changes test\n`);
    const deb = join(home, `${name}.deb`);
    expect(spawnSync('dpkg-deb', ['--build', '--root-owner-group', root, deb], { encoding: 'utf8' }).status).toBe(0);
    const installedAt = Date.now();
    await dpkg('-i', deb);
    const removedAt = Date.now();
    await dpkg('-r', name);
    const list = listed('--since', '5m');
    const ours = list.events.filter((e) => e.title.includes(name));
    expect(ours.map((e) => [e.kind, e.title])).toEqual([
      ['package', `removed ${name}:all 1.0`],
      ['package', `installed ${name}:all 1.0`],
    ]);
    expect(Math.abs(ours[1]!.time - installedAt)).toBeLessThan(120_000);
    expect(Math.abs(ours[0]!.time - removedAt)).toBeLessThan(120_000);
  });

  it('a real segfault is a kernel event; a line forged into /dev/kmsg is not', async () => {
    const tag = `triage-forged-${process.pid}`;
    // A program writing "<0>" still gets facility 1 (user): the kernel never lets it speak as itself.
    writeFileSync('/dev/kmsg', `<3>${tag}[1]: segfault at 0 ip 0 sp 0 error 4 Out of memory: Killed process 1 (${tag})\n`);
    await until(() => readKmsgRing().some((r) => r.message.includes(tag) && r.facility === 1), 'the forged line in the ring');
    // A real fault: the kernel logs "python3[pid]: segfault at 0 …" (rate-limited, so retried).
    // Each child runs to its crash before the ring is read (a loaded machine may take a second to start
    // python), and every crashed pid counts: the kernel may log an earlier one's line late.
    const crashed: number[] = [];
    let crashedPid = 0;
    await until(() => {
      crashed.push(spawnSync('python3', ['-c', 'import ctypes; ctypes.string_at(0)'], { stdio: 'ignore' }).pid);
      const line = readKmsgRing().find((r) => r.facility === 0 && crashed.some((pid) => r.message.includes(`[${pid}]: segfault at`)));
      crashedPid = crashed.find((pid) => line?.message.includes(`[${pid}]: segfault at`)) ?? 0;
      return crashedPid !== 0;
    }, 'a segfault line from the kernel', 60_000, () => new Promise((r) => setTimeout(r, 500)));
    const list = listed('--since', '5m');
    const kernel = list.events.filter((e) => e.kind === 'kernel');
    expect(kernel.some((e) => e.title.startsWith('crash: ') && e.detail.includes(`[${crashedPid}]: segfault at`))).toBe(true);
    expect(list.events.some((e) => e.title.includes(tag) || e.detail.includes(tag))).toBe(false);
    expect(list.sources.find((s) => s.name.startsWith('kernel log'))).toMatchObject({ status: 'read' });
  });

  it('text: a TIME KIND WHAT table, then the sources that could not be read and why', () => {
    const r = changes('--since', '24h');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TIME +KIND +WHAT$/m);
    expect(r.stdout).toMatch(/^Could not read \(changes there are unknown, not absent\):\n(?: {2}.*\n)*? {2}systemd units \(journal\): absent — systemd is not running/m);
  });

  it('a bad --since or an argument is a usage error (2)', () => {
    expect(changes('--since', 'soon').code).toBe(2);
    expect(changes('--since', '40d').code).toBe(2);
    expect(changes('extra').code).toBe(2);
  });
});
