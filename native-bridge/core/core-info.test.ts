import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCoreInfo } from './core-info.js';
import { bufferSource } from './elf.js';
import { inspectExecutable } from './executable.js';
import { rejection } from './test-support/rejection.js';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from './test-support/crash-programs.js';

let dir: string | undefined;
let exe: string;
let produced: ProducedCore;

beforeAll(async () => {
  dir = await makeTempDir();
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
});

afterAll(async () => {
  await removeDir(dir);
});

describe('ELF note reader on a real core', () => {
  it('finds pid, signal, program name and the executable without gdb', async () => {
    const info = await readCoreInfo(bufferSource(readFileSync(produced.corePath)), produced.corePath);
    expect(info.header.type).toBe(4);
    expect(info.truncated).toBe(false);
    expect(info.notes.psinfo?.fname).toBe('crash-parse');
    expect(info.notes.psinfo?.psargs).toBe(exe);
    if (produced.madeBy === 'kernel') expect(info.notes.psinfo?.pid).toBe(produced.pid);
    expect(info.notes.threads).toHaveLength(1);
    expect(info.notes.threads[0]!.lwp).toBe(info.notes.psinfo?.pid);
    expect(info.notes.threads[0]!.signal).toBe(11);
    expect(info.notes.siginfo).toMatchObject({ signo: 11, code: 1, addr: 0n });
    expect(info.executable).toMatchObject({ path: exe, foundBy: 'mapped-files', deleted: false });
    expect(info.notes.files.some((f) => f.path.endsWith('libc.so.6'))).toBe(true);
  });

  it('reads the build-id of the program from the core memory, equal to the file on disk', async () => {
    const info = await readCoreInfo(bufferSource(readFileSync(produced.corePath)), 'core');
    const facts = await inspectExecutable(exe);
    expect(info.executableBuildId).toMatch(/^[0-9a-f]{40}$/);
    expect(info.executableBuildId).toBe(facts.buildId);
    expect(facts.hasDebugInfo).toBe(true);
    expect(facts.hasSymbols).toBe(true);
  });

  it('says clearly when a core is cut short', async () => {
    const whole = readFileSync(produced.corePath);
    const err = await rejection(readCoreInfo(bufferSource(whole.subarray(0, 2000)), 'cut-core'));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/^cut-core is a truncated core dump/);
    const headerOnly = await rejection(readCoreInfo(bufferSource(whole.subarray(0, 40)), 'tiny'));
    expect(headerOnly.message).toMatch(/truncated/);
  });

  it('recognises text, a program, and random bytes as not a core', async () => {
    const text = await rejection(readCoreInfo(bufferSource(Buffer.from('Segmentation fault (core dumped)\n'.repeat(20))), 'notes.txt'));
    expect(text.message).toBe('notes.txt is not a core dump: it is a text file.');
    const program = await rejection(readCoreInfo(bufferSource(readFileSync(exe)), 'crash-parse'));
    expect(program.message).toMatch(/is a program or shared library, not a core dump/);
    const noise = await rejection(readCoreInfo(bufferSource(Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 9, 9])), 'noise'));
    expect(noise.message).toBe('noise is not a core dump: it is not an ELF file.');
  });
});
