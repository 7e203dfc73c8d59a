import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStatus } from '../../contract/recording.js';
import { until } from '../../../test-support/until.js';
import { autostartPaths, desktopEntry, installAutostart, systemdUnit, uninstallAutostart, type AutostartEnv } from '../../history/autostart.js';
import { parseAgo, parseTimeArg } from '../time-arg.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'triage-record-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const env = {
  ...process.env,
  TRIAGE_HISTORY: '',
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_STATE_HOME: join(home, 'state'),
  // A runtime folder without systemd in it: no user systemd manager here (none runs on this machine either).
  XDG_RUNTIME_DIR: join(home, 'run'),
};
mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true });

function triage(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), ...args], { encoding: 'utf8', cwd: repo, env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('times on the command line', () => {
  const now = new Date(2026, 11, 4, 12, 0, 0).getTime();
  it('reads times of day, dates, ISO and "how long ago"', () => {
    expect(parseTimeArg('10:31', now)).toBe(new Date(2026, 11, 4, 10, 31, 0).getTime());
    expect(parseTimeArg('10:31:15', now)).toBe(new Date(2026, 11, 4, 10, 31, 15).getTime());
    // Still to come today: yesterday's.
    expect(parseTimeArg('13:00', now)).toBe(new Date(2026, 11, 3, 13, 0, 0).getTime());
    expect(parseTimeArg('2026-12-03 09:05', now)).toBe(new Date(2026, 11, 3, 9, 5).getTime());
    expect(parseTimeArg('2026-12-03T09:05:00Z', now)).toBe(Date.UTC(2026, 11, 3, 9, 5));
    expect(parseTimeArg('2h', now)).toBe(now - 7_200_000);
    expect(parseAgo('1h30m')).toBe(5_400_000);
    expect(parseTimeArg('now', now)).toBe(now);
  });

  it('answers a bad time with one sentence and examples', () => {
    expect(() => parseTimeArg('25:00', now, '--at')).toThrow(/--at "25:00" is not a time of day \(examples: 10:31/);
    expect(() => parseTimeArg('yesterday', now, '--since')).toThrow(/--since "yesterday" is not a time/);
  });
});

describe('triage record --install / --uninstall', () => {
  it('writes an XDG autostart entry where no user systemd runs, and removes it', () => {
    const paths = autostartPaths(env.XDG_CONFIG_HOME);
    const install = triage('record', '--install');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`No user systemd runs here: wrote the autostart entry ${paths.desktop}`);
    const entry = readFileSync(paths.desktop, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(entry).toContain(`Exec="${process.execPath}" "${join(repo, 'bin', 'triage.js')}" "record"`);
    expect(existsSync(paths.unit)).toBe(false);
    expect(triage('record', '--status').stdout).toContain(`Autostart: autostart entry ${paths.desktop}`);

    const uninstall = triage('record', '--uninstall');
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toContain(`Removed the autostart entry ${paths.desktop}.`);
    expect(existsSync(paths.desktop)).toBe(false);
    expect(triage('record', '--uninstall').stdout).toMatch(/^Nothing to remove: neither /);
  });

  it('writes and enables a systemd user unit where one runs (systemctl recorded: no systemd on this machine)', () => {
    const configHome = join(home, 'systemd-config');
    const calls: string[][] = [];
    const fake: AutostartEnv = { configHome, hasUserSystemd: () => true, systemctl: (args) => (calls.push(args), { ok: true, output: '' }) };
    // Real files: as root, Triage refuses to autostart anything that does not exist or another user could change.
    const argv = [process.execPath, join(repo, 'bin', 'triage.js'), 'record'];
    const lines = installAutostart(fake, argv);
    const unit = readFileSync(autostartPaths(configHome).unit, 'utf8');
    expect(unit).toContain(`ExecStart="${process.execPath}" "${join(repo, 'bin', 'triage.js')}" "record"\n`);
    expect(unit).toContain('Restart=on-abnormal');
    expect(unit).toContain('WantedBy=default.target');
    expect(calls).toEqual([['daemon-reload'], ['enable', '--now', 'triage-record.service']]);
    expect(lines[1]).toMatch(/^Enabled and started it/);
    expect(uninstallAutostart(fake)).toEqual([`Removed the systemd user unit ${autostartPaths(configHome).unit}.`]);
    expect(calls.slice(2)).toEqual([['disable', '--now', 'triage-record.service'], ['daemon-reload']]);
  });

  it('quotes what systemd and desktop launchers would expand', () => {
    expect(systemdUnit(['/a/100%/node', 'x"y'])).toContain('ExecStart="/a/100%%/node" "x\\"y"');
    expect(desktopEntry(['/a/$HOME/node', '50%'])).toContain('Exec="/a/\\$HOME/node" "50%%"');
  });

  it('refuses two of --status, --install, --uninstall', () => {
    const r = triage('record', '--install', '--uninstall');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Choose one of --status, --install and --uninstall.');
  });
});

describe('triage record', () => {
  it('records headless; --status says so; a second one refuses naming the first pid; Ctrl-C stops it cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'record'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await until(() => out.includes('Recording the history into'), 'triage record to start', 60_000);
      expect(out).toContain(`${join(env.XDG_STATE_HOME, 'triage', 'history.db')} (pid ${child.pid})`);
      await until(() => RecordingStatus.parse(JSON.parse(triage('record', '--status', '--json').stdout)).history.newest !== null, 'a sample in the file', 60_000);
      const status = triage('record', '--status');
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`^Recording: on, by pid ${child.pid} since \\d{4}-`));

      const second = triage('record');
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`triage record: Another Triage (pid ${child.pid}) records the history already`);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Recording stopped.');
    const after = triage('record', '--status');
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^Recording: off — No Triage records the history now/);
  });
});
