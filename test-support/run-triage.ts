// Runs the real `triage` entry point (from source) for CLI tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..');

export interface RunAs {
  /** Run the CLI as this user (and group): how a test sees what another user's Triage sees. */
  uid?: number;
}

/** Asynchronous, so the test's own children keep being served while the CLI runs. */
export function runTriage(...args: (string | RunAs)[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const as = args.find((a): a is RunAs => typeof a === 'object') ?? {};
  const argv = args.filter((a): a is string => typeof a === 'string');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), ...argv], {
      cwd: repo,
      ...(as.uid === undefined
        ? {}
        : // tsx keeps a per-user cache; another user gets a fresh one, not root's.
          { uid: as.uid, gid: as.uid, env: { ...process.env, HOME: '/tmp', TSX_DISABLE_CACHE: '1' } }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
