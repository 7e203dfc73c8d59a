import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TriageError } from '../contract/errors.js';
import type { AutostartInstalled, AutostartPlan } from '../contract/recording.js';
import { dataDirs } from '../shared/data-dirs.js';
import { whoAmI } from '../shared/who-am-i.js';

export const UNIT_NAME = 'triage-record.service';
const DESKTOP_NAME = 'triage-record.desktop';
const SYSTEMD_ANSWER_MS = 60_000;

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
  // The Recording page re-reads the status every few seconds: ask systemctl (a blocking spawn) at most once a minute.
  let known: { at: number; answer: boolean } | null = null;
  return {
    configHome: join(dataDirs(env).config, '..'),
    hasUserSystemd: () => {
      if (known && Date.now() - known.at < SYSTEMD_ANSWER_MS) return known.answer;
      const runtime = env.XDG_RUNTIME_DIR;
      const answer = Boolean(runtime && runtime.startsWith('/') && existsSync(join(runtime, 'systemd')) && systemctl(['show-environment']).ok);
      known = { at: Date.now(), answer };
      return answer;
    },
    systemctl,
  };
}

/**
 * This installation's folder: the nearest one above this code holding bin/triage.js. Sources run from
 * native-bridge/history/, the bundle from dist/cli/chunks/ or dist/electron/ (CommonJS, where the build
 * defines import.meta.dirname): no fixed depth fits all.
 */
export function installationRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin', 'triage.js')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new TriageError('UNSUPPORTED', `Triage cannot find its own bin/triage.js above ${from}, so it cannot say what to start at login.`);
  }
}

/** The command that records: this Node and this Triage's bin/triage.js, by absolute path. */
export function recordArgv(): string[] {
  return [process.execPath, join(installationRoot(), 'bin', 'triage.js'), 'record'];
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

/** What "Record always…" would write and what it would run, before anything is written. */
export function planAutostart(env: AutostartEnv, argv: readonly string[] = recordArgv()): AutostartPlan {
  const paths = autostartPaths(env.configHome);
  const user = whoAmI();
  const systemd = env.hasUserSystemd();
  return {
    kind: systemd ? 'systemd-unit' : 'xdg-autostart',
    path: systemd ? paths.unit : paths.desktop,
    argv: [...argv],
    content: systemd ? systemdUnit(argv) : desktopEntry(argv),
    runsAs: user,
    effect: systemd
      ? `Writes the systemd user unit ${paths.unit} and enables it: recording starts now and at every login of ${user.name}.`
      : `No user systemd runs here: writes the autostart entry ${paths.desktop}; recording starts at ${user.name}'s next desktop login (run \`triage record\` to start it now).`,
  };
}

/** Files and folders whose owner could change what runs, deepest first up to `/`. */
function pathAndParents(path: string): string[] {
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.push(p);
    if (dirname(p) === p) return chain;
  }
}

/** The bundle's files (dist/cli) and the packages' folder: what bin/triage.js imports, so runs with the recorder's rights. */
function bundleFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 3) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      files.push(path);
      if (entry.isDirectory()) walk(path, depth + 1);
    }
  };
  walk(join(root, 'dist', 'cli'), 0);
  if (existsSync(join(root, 'node_modules'))) files.push(join(root, 'node_modules'));
  return files;
}

/**
 * For a root autostart: the first file or folder another user could write (owned by someone else, or
 * group/world-writable without the sticky bit) among what it runs; null when only root can change them.
 */
export function userWritableInChain(argv: readonly string[], root: string = installationRoot()): string | null {
  const checked = new Set<string>();
  for (const file of [argv[0]!, argv[1]!, ...bundleFiles(root)]) {
    for (const path of pathAndParents(file)) {
      if (checked.has(path)) continue;
      checked.add(path);
      let st;
      try {
        st = statSync(path);
      } catch (error) {
        return `${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`;
      }
      const sticky = st.isDirectory() && (st.mode & 0o1000) !== 0;
      if (st.uid !== 0) return `${path} (owned by uid ${st.uid})`;
      if (st.mode & 0o022 && !sticky) return `${path} (mode ${(st.mode & 0o777).toString(8)}, writable by others)`;
    }
  }
  return null;
}

/** Refuses a root autostart that would run anything another user can change; says why in one sentence. */
export function checkSafeToRunAs(plan: AutostartPlan, root?: string): string | null {
  if (plan.runsAs.uid !== 0) return null;
  const writable = userWritableInChain(plan.argv, root);
  if (!writable) return null;
  return `Triage runs as root here, and the recorder would run ${plan.argv[1]} as root at every login, but ${writable} can be changed by another user: that user could then run anything as root. Install Triage in a folder only root can write to, or record as your own user.`;
}

/** Installs the recorder to start with the session; returns what was done, in sentences. */
export function installAutostart(env: AutostartEnv, argv: readonly string[] = recordArgv()): string[] {
  const plan = planAutostart(env, argv);
  const refused = checkSafeToRunAs(plan);
  if (refused) throw new TriageError('REFUSED', refused);
  const paths = autostartPaths(env.configHome);
  if (plan.kind === 'systemd-unit') {
    mkdirSync(dirname(paths.unit), { recursive: true });
    writeFileSync(paths.unit, plan.content, { mode: 0o644 });
    const lines = [`Wrote the systemd user unit ${paths.unit}.`];
    const reload = env.systemctl(['daemon-reload']);
    const enable = reload.ok ? env.systemctl(['enable', '--now', UNIT_NAME]) : reload;
    lines.push(enable.ok
      ? `Enabled and started it: recording now and at every login (systemctl --user status ${UNIT_NAME}).`
      : `It could not be enabled: ${enable.output || 'systemctl failed'}. Try: systemctl --user enable --now ${UNIT_NAME}`);
    return lines;
  }
  mkdirSync(dirname(paths.desktop), { recursive: true });
  writeFileSync(paths.desktop, plan.content, { mode: 0o644 });
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

/** Which one is installed, and where; null when neither is. */
export function installedAutostart(configHome: string): AutostartInstalled | null {
  const paths = autostartPaths(configHome);
  if (existsSync(paths.unit)) return { kind: 'systemd-unit', path: paths.unit };
  if (existsSync(paths.desktop)) return { kind: 'xdg-autostart', path: paths.desktop };
  return null;
}
