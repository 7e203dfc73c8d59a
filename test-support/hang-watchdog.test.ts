import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const config = new URL('./hang-fixture/vitest.config.ts', import.meta.url).pathname;
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;

describe('test hang watchdog', () => {
  it('ends a test stuck in synchronous code: the run fails, naming the test, instead of hanging', async () => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', config], {
      env: { ...process.env, TRIAGE_TEST_HANG_MS: '3000', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      // Without the watchdog this run never ends: give it a deadline of its own.
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code, output).not.toBe(0);
    expect(code, output).not.toBeNull();
    expect(output).toContain('triage test watchdog: the test process');
    expect(output).toContain('stuck.fixture.ts > loops forever without yielding');
    expect(performance.now() - started).toBeLessThan(45_000);
  });
});
