import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AutostartPlan } from '../contract/recording.js';
import { checkSafeToRunAs, realAutostartEnv } from '../history/autostart.js';
import { recordingMethods } from './recording-methods.js';

const home = mkdtempSync(join(tmpdir(), 'triage-recording-methods-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** recordingMethods with the real check over a bundle of our own (root-owned, as the test runs as root), counting its walks. */
function methods(root: string, clock: { now: number }) {
  const calls: Array<string | null> = [];
  mkdirSync(join(home, 'run'), { recursive: true });
  const impl = recordingMethods({
    historyStatus: async () => ({ recording: false, recorder: null, since: null, path: join(home, 'history.db'), bytes: null, oldest: null, newest: null, paused: null, notRecording: 'not in this test', retentionDays: 7, maxBytes: 1 }),
    autostart: realAutostartEnv({ XDG_CONFIG_HOME: join(home, 'config'), XDG_RUNTIME_DIR: join(home, 'run') }),
    exporter: null,
    checkSafe: (plan: AutostartPlan) => {
      const verdict = checkSafeToRunAs({ ...plan, runsAs: { ...plan.runsAs, uid: 0 } }, root);
      calls.push(verdict);
      return verdict;
    },
    now: () => clock.now,
  });
  return { status: () => impl['recording.status']({}), calls };
}

describe.runIf(process.getuid?.() === 0)('the root-autostart check behind recording.status', () => {
  it('a passed check is shown for 5 minutes without walking the files again; a refusal is checked at every read', async () => {
    const root = mkdtempSync(join(home, 'install-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'dist', 'cli', 'chunks'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'chunks', 'a.js'), '');
    const clock = { now: 1_000_000 };
    const { status, calls } = methods(root, clock);

    expect((await status()).autostart.refused).toBeNull();
    expect((await status()).autostart.refused).toBeNull();
    expect(calls).toEqual([null]);
    clock.now += 5 * 60_000;
    expect((await status()).autostart.refused).toBeNull();
    expect(calls).toEqual([null, null]);

    // Made writable by others: the kept pass hides it until it expires, then every read says so until it is fixed.
    chmodSync(join(root, 'dist', 'cli', 'chunks', 'a.js'), 0o666);
    expect((await status()).autostart.refused).toBeNull();
    clock.now += 5 * 60_000;
    const refused = (await status()).autostart.refused;
    expect(refused).toMatch(/a\.js \(mode 666, writable by others\)/);
    expect((await status()).autostart.refused).toBe(refused);
    expect(calls.length).toBe(4);
    chmodSync(join(root, 'dist', 'cli', 'chunks', 'a.js'), 0o644);
    expect((await status()).autostart.refused).toBeNull();
    expect(calls.length).toBe(5);
  });
});
