import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSafeToRunAs, installationRoot, planAutostart, realAutostartEnv, userWritableInChain } from './autostart.js';
import { perTestTempDir } from '../../test-support/temp-dir.js';

const tempDir = perTestTempDir('triage-autostart-');

/** An installation laid out like the real one (bin/triage.js, package.json, dist/cli), owned by root, mode 755. */
function installation(): { root: string; argv: string[] } {
  const root = join(tempDir(), 'triage');
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist', 'cli', 'chunks'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'bin', 'triage.js'), '');
  writeFileSync(join(root, 'dist', 'cli', 'chunks', 'record.js'), '');
  return { root, argv: [process.execPath, join(root, 'bin', 'triage.js'), 'record'] };
}

describe('what a root autostart may run', () => {
  it('finds this installation from the sources (no fixed depth) and plans its own bin/triage.js', () => {
    const repo = join(import.meta.dirname, '..', '..');
    expect(installationRoot()).toBe(repo);
    const home = tempDir();
    const plan = planAutostart(realAutostartEnv({ XDG_CONFIG_HOME: home, XDG_RUNTIME_DIR: home }));
    expect(plan.argv).toEqual([process.execPath, join(repo, 'bin', 'triage.js'), 'record']);
    expect(plan.content).toContain(`Exec="${process.execPath}" "${join(repo, 'bin', 'triage.js')}" "record"`);
  });

  it('accepts files and folders only root can change (tests run as root)', () => {
    expect(process.getuid?.()).toBe(0);
    const { root, argv } = installation();
    expect(userWritableInChain(argv, root)).toBeNull();
  });

  it('refuses a folder every user can write to, a file another user owns, and a missing file, naming each', () => {
    const a = installation();
    chmodSync(join(a.root, 'bin'), 0o777);
    expect(userWritableInChain(a.argv, a.root)).toBe(`${join(a.root, 'bin')} (mode 777, writable by others)`);

    const b = installation();
    chownSync(join(b.root, 'dist', 'cli', 'chunks', 'record.js'), 1000, 1000);
    expect(userWritableInChain(b.argv, b.root)).toBe(`${join(b.root, 'dist', 'cli', 'chunks', 'record.js')} (owned by uid 1000)`);

    const c = installation();
    expect(userWritableInChain([process.execPath, join(c.root, 'bin', 'gone.js')], c.root)).toBe(`${join(c.root, 'bin', 'gone.js')} (ENOENT)`);
  });

  it('says in one sentence why a root autostart is refused', () => {
    const a = installation();
    chmodSync(join(a.root, 'bin', 'triage.js'), 0o666);
    const home = tempDir();
    const plan = { ...planAutostart(realAutostartEnv({ XDG_CONFIG_HOME: home, XDG_RUNTIME_DIR: home }), a.argv), runsAs: { uid: 0, name: 'root' } };
    expect(checkSafeToRunAs(plan, a.root)).toMatch(
      new RegExp(`^Triage runs as root here, and the recorder would run ${a.argv[1]} as root at every login, but ${a.argv[1]} \\(mode 666, writable by others\\) can be changed by another user`),
    );
    expect(checkSafeToRunAs({ ...plan, runsAs: { uid: 1000, name: 'someone' } }, a.root)).toBeNull();
  });
});
