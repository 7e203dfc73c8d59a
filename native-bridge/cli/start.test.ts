import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

const repo = join(import.meta.dirname, '..', '..');

describe('npm start', () => {
  it.skipIf(findElectronBinary(repo) !== null)(
    'without the Electron binary: says so in one line, downloads nothing, and serves web mode',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'triage-start-'));
      // Any free port: another test may hold web mode's usual one, and the line saying so is not this test's subject.
      const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/start.ts'), '--no-open', '--port', '0'], {
        cwd: repo,
        env: { ...process.env, XDG_CONFIG_HOME: join(home, 'c'), XDG_STATE_HOME: join(home, 's') },
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      child.kill('SIGTERM');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^Electron binary not installed .*starting web mode instead\.$/m);
      expect(stdout).toMatch(/^Triage web UI: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}\n$/);
      expect(findElectronBinary(repo)).toBeNull();
    },
  );
});
