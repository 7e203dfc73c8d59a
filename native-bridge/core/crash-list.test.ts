import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashList } from '../contract/core.js';
import { listCrashes } from './crash-list.js';
import { compileFixture, crashForCore, FIXTURES, makeTempDir, removeDir, type ProducedCore } from './test-support/crash-programs.js';

let dir: string | undefined;
let folder: string;
let exe: string;
let produced: ProducedCore;
let swappedCore: string;

beforeAll(async () => {
  dir = await makeTempDir();
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
  // A second program whose file is replaced by another build after it crashed.
  const swapped = await compileFixture('crash-parse', dir, { output: 'swapped' });
  const second = await crashForCore(swapped, dir);
  await compileFixture('crash-threads', dir, { output: 'swapped' });

  folder = join(dir, 'crashes');
  mkdirSync(join(folder, 'nested'), { recursive: true });
  copyFileSync(produced.corePath, join(folder, 'core.1'));
  swappedCore = join(folder, 'nested', 'core.swapped');
  copyFileSync(second.corePath, swappedCore);
  copyFileSync(join(FIXTURES, 'not-a-core.txt'), join(folder, 'notes.txt'));
  copyFileSync(exe, join(folder, 'a-program'));
  symlinkSync(produced.corePath, join(folder, 'link-to-core'));
  writeFileSync(join(folder, 'empty'), '');
});

afterAll(async () => {
  await removeDir(dir);
});

describe('crash list', () => {
  it('finds cores in a folder and one level below, with program, pid, signal, size and executable match', async () => {
    const list = await listCrashes([folder], { coredumpctlPath: null, varCrash: join(dir!, 'no-var-crash') });
    expect(CrashList.parse(list)).toBeTruthy();
    const files = list.crashes.filter((c) => c.source === 'file').map((c) => c.path).sort();
    // Text, program, empty file and the symlink are not listed.
    expect(files).toEqual([join(folder, 'core.1'), swappedCore].sort());
    const first = list.crashes.find((c) => c.path === join(folder, 'core.1'))!;
    expect(first).toMatchObject({ program: 'crash-parse', signal: 11, signalName: 'SIGSEGV', executable: exe, executableMatch: 'same-build', openable: true });
    if (produced.madeBy === 'kernel') expect(first.pid).toBe(produced.pid);
    expect(first.sizeBytes).toBeGreaterThan(0);
    expect(list.crashes.find((c) => c.path === swappedCore)!.executableMatch).toBe('different-build');
    expect(list.searched).toContain(folder);
  });

  it('reports a folder it cannot read and still lists the rest', async () => {
    const list = await listCrashes([join(dir!, 'does-not-exist'), folder], { coredumpctlPath: null, varCrash: join(dir!, 'none') });
    expect(list.problems).toEqual([{ where: join(dir!, 'does-not-exist'), message: 'The folder does not exist.' }]);
    expect(list.crashes.length).toBe(2);
  });

  it('lists apport reports from /var/crash (here a stand-in folder)', async () => {
    const varCrash = join(dir!, 'var-crash');
    mkdirSync(varCrash);
    copyFileSync(join(FIXTURES, 'apport-report.crash'), join(varCrash, '_usr_bin_crashy.0.crash'));
    const list = await listCrashes([], { coredumpctlPath: null, varCrash });
    const report = list.crashes.find((c) => c.source === 'apport')!;
    expect(report).toMatchObject({ program: 'crashy', pid: 4242, signal: 11, openable: false });
    expect(report.note).toMatch(/apport-unpack/);
  });
});
