import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../../test-support/until.js';
import { USUAL_PORT } from './web.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'triage-web-cmd-'));
mkdirSync(join(home, 'run'));

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Holds the usual port if nobody does yet; either way it is taken while the returned server lives. */
function holdUsualPort(): Promise<Server | null> {
  return new Promise((resolve) => {
    const holder = createServer();
    holder.once('error', () => resolve(null));
    holder.listen(USUAL_PORT, '127.0.0.1', () => resolve(holder));
  });
}

describe('triage web', () => {
  it('its usual port taken, it serves on another and says so on stderr', async () => {
    const holder = await holdUsualPort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'web', '--no-open'], {
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_RUNTIME_DIR: join(home, 'run') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const port = Number(await until(() => /^Triage web UI: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(stdout)?.[1], 'the URL line', 30_000));
      expect(port).not.toBe(USUAL_PORT);
      expect(stderr).toContain(`triage: port ${USUAL_PORT} is in use by another program; serving on port ${port} instead.`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      holder?.close();
    }
  });
});
