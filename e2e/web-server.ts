import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningTriage {
  /**
   * The printed URL opening the dashboard: without a page in it, Triage starts on Findings when anything
   * is serious (a test run leaves OOM kills and crashes in the kernel log), which specs about other pages
   * must not depend on.
   */
  url: string;
  /** The URL exactly as printed (no page named): what a user opens. */
  printedUrl: string;
  port: number;
  origin: string;
  /** The server's $XDG_STATE_HOME (its audit log is <stateHome>/triage/audit.jsonl). */
  stateHome: string;
  /** The server's $XDG_CONFIG_HOME: where "Record always…" writes its autostart entry (never the real user's). */
  configHome: string;
  /** Milliseconds from spawn to the printed URL line. */
  startedInMs: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const repo = join(import.meta.dirname, '..');

/** Starts the built `triage web` exactly as a user would, with its own XDG dirs (and `args` after `web --no-open`). */
export async function startTriageWeb(extraEnv: Record<string, string> = {}, args: string[] = []): Promise<RunningTriage> {
  const home = mkdtempSync(join(tmpdir(), 'triage-e2e-'));
  // A runtime dir without systemd in it: "Record always…" never reaches a real user manager from a test.
  mkdirSync(join(home, 'run'));
  const started = performance.now();
  const child = spawn(process.execPath, [join(repo, 'bin', 'triage.js'), 'web', '--no-open', ...args], {
    cwd: repo,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_RUNTIME_DIR: join(home, 'run'), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`triage web did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^Triage web UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`triage web exited with ${code}: ${stderr}`)));
  });
  const startedInMs = performance.now() - started;
  const port = Number(new URL(url).port);
  return {
    url: `${url}#/dashboard`,
    printedUrl: url,
    port,
    origin: `http://127.0.0.1:${port}`,
    stateHome: join(home, 'state'),
    configHome: extraEnv.XDG_CONFIG_HOME ?? join(home, 'config'),
    startedInMs,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
