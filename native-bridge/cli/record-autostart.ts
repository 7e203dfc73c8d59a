import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirs } from '../shared/data-dirs.js';

export const UNIT_NAME = 'triage-record.service';
const DESKTOP_NAME = 'triage-record.desktop';

export interface AutostartEnv {
  /** $XDG_CONFIG_HOME (not Triage's own folder in it). */
  configHome: string;
  /** A user systemd manager runs for this user (units can be enabled now). */
  hasUserSystemd(): boolean;
  /** Runs `systemctl --user ARGS`; ok false with its output when it fails. */
  systemctl(args: string[]): { ok: boolean; output: string };
}

export function autostartPaths(configHome: string) {
  return { unit: join(configHome, 'systemd', 'user', UNIT_NAME), desktop: join(configHome, 'autostart', DESKTOP_NAME) };
}

/** The real environment: user systemd is there when its runtime folder exists and `systemctl --user` answers. */
export function realAutostartEnv(env: NodeJS.ProcessEnv = process.env): AutostartEnv {
  const systemctl = (args: string[]) => {
    const r = spawnSync('systemctl', ['--user', ...args], { encoding: 'utf8', timeout: 15_000 });
    return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() };
  };
  return {
    configHome: join(dataDirs(env).config, '..'),
    hasUserSystemd: () => {
      const runtime = env.XDG_RUNTIME_DIR;
      return Boolean(runtime && runtime.startsWith('/') && existsSync(join(runtime, 'systemd')) && systemctl(['show-environment']).ok);
    },
    systemctl,
  };
}

/** The command that records: this Node and this Triage's bin/triage.js, by absolute path. */
export function recordArgv(): string[] {
  // This file runs from native-bridge/cli/ (sources) or dist/cli/ (the bundle): the package root is two up.
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return [process.execPath, join(root, 'bin', 'triage.js'), 'record'];
}

/** systemd's quoting: each word in double quotes, backslash and quote escaped, % doubled (a specifier otherwise). */
const systemdWord = (w: string) => `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
/** The desktop entry spec's quoting: double quotes, with " ` $ \ escaped, and % doubled (a field code otherwise). */
const desktopWord = (w: string) => `"${w.replace(/([\\"`$])/g, '\\$1').replace(/%/g, '%%')}"`;

export function systemdUnit(argv: readonly string[]): string {
  return [
    '[Unit]',
    'Description=Triage history recorder (triage record)',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${argv.map(systemdWord).join(' ')}`,
    // Restarted after a crash or a kill, not after a clean refusal (another recorder runs): never a loop.
    'Restart=on-abnormal',
    'RestartSec=30',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

export function desktopEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Triage history recorder',
    "Comment=Records this machine's history for Triage (triage record)",
    `Exec=${argv.map(desktopWord).join(' ')}`,
    'Terminal=false',
    'NoDisplay=true',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Installs the recorder to start with the session; returns what was done, in sentences. */
export function installAutostart(env: AutostartEnv, argv: readonly string[] = recordArgv()): string[] {
  const paths = autostartPaths(env.configHome);
  if (env.hasUserSystemd()) {
    mkdirSync(join(env.configHome, 'systemd', 'user'), { recursive: true });
    writeFileSync(paths.unit, systemdUnit(argv), { mode: 0o644 });
    const lines = [`Wrote the systemd user unit ${paths.unit}.`];
    const reload = env.systemctl(['daemon-reload']);
    const enable = reload.ok ? env.systemctl(['enable', '--now', UNIT_NAME]) : reload;
    lines.push(enable.ok
      ? `Enabled and started it: recording now and at every login (systemctl --user status ${UNIT_NAME}).`
      : `It could not be enabled: ${enable.output || 'systemctl failed'}. Try: systemctl --user enable --now ${UNIT_NAME}`);
    return lines;
  }
  mkdirSync(join(env.configHome, 'autostart'), { recursive: true });
  writeFileSync(paths.desktop, desktopEntry(argv), { mode: 0o644 });
  return [
    `No user systemd runs here: wrote the autostart entry ${paths.desktop} instead.`,
    'Recording starts at your next desktop login; to start it now, run: triage record',
  ];
}

/** Removes whichever of the two is installed (disabling the unit first); says what it removed. */
export function uninstallAutostart(env: AutostartEnv): string[] {
  const paths = autostartPaths(env.configHome);
  const lines: string[] = [];
  if (existsSync(paths.unit)) {
    if (env.hasUserSystemd()) {
      const disable = env.systemctl(['disable', '--now', UNIT_NAME]);
      if (!disable.ok) lines.push(`systemctl could not disable ${UNIT_NAME}: ${disable.output}`);
    }
    rmSync(paths.unit);
    if (env.hasUserSystemd()) env.systemctl(['daemon-reload']);
    lines.push(`Removed the systemd user unit ${paths.unit}.`);
  }
  if (existsSync(paths.desktop)) {
    rmSync(paths.desktop);
    lines.push(`Removed the autostart entry ${paths.desktop}.`);
  }
  if (lines.length === 0) lines.push(`Nothing to remove: neither ${paths.unit} nor ${paths.desktop} exists.`);
  return lines;
}

/** Which one is installed, as a sentence for --status. */
export function autostartState(configHome: string): string {
  const paths = autostartPaths(configHome);
  if (existsSync(paths.unit)) return `systemd user unit ${paths.unit}`;
  if (existsSync(paths.desktop)) return `autostart entry ${paths.desktop}`;
  return 'not installed (triage record --install)';
}
