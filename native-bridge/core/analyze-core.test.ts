import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreAnalysis } from '../contract/core.js';
import { analyzeCore, coreLibraries, coreRegisters } from './analyze-core.js';
import { formatBacktrace } from '../cli/format/core.js';
import { rejection } from './test-support/rejection.js';
import { compileFixture, crashForCore, FIXTURES, makeTempDir, removeDir, type ProducedCore } from './test-support/crash-programs.js';

let dir: string | undefined;
let parseExe: string;
let parseCore: ProducedCore;
let threadsExe: string;
let threadsCore: ProducedCore;
let strippedCore: ProducedCore;
let strippedExe: string;

beforeAll(async () => {
  dir = await makeTempDir();
  parseExe = await compileFixture('crash-parse', dir);
  threadsExe = await compileFixture('crash-threads', dir);
  strippedExe = await compileFixture('crash-parse', dir, { strip: true, output: 'crash-stripped' });
  parseCore = await crashForCore(parseExe, dir);
  threadsCore = await crashForCore(threadsExe, dir);
  strippedCore = await crashForCore(strippedExe, dir);
});

afterAll(async () => {
  await removeDir(dir);
});

describe('analysing real cores with gdb', () => {
  it('main -> parse_config -> strlen(NULL): SIGSEGV at 0x0, frames, file and line, source', async () => {
    const a = await analyzeCore(parseCore.corePath, undefined);
    expect(CoreAnalysis.parse(a)).toBeTruthy();
    expect(a.signal).toMatchObject({ name: 'SIGSEGV', number: 11, address: '0x0' });
    expect(a.signal!.summary).toMatch(/Invalid memory access at address 0x0/);
    expect(a.executable).toMatchObject({ path: parseExe, foundBy: 'mapped-files', match: 'same-build', hasDebugInfo: true });
    expect(a.threads).toHaveLength(1);
    const frames = a.threads[0]!.frames;
    expect(a.threads[0]!.crashed).toBe(true);
    const names = frames.map((f) => f.function);
    const parse = frames.find((f) => f.function === 'parse_config')!;
    expect(parse.file).toBe(join(FIXTURES, 'crash-parse.c'));
    expect(parse.line).toBe(6);
    expect(parse.args).toEqual([{ name: 'text', type: 'const char *', value: '0x0' }]);
    expect(names.indexOf('main')).toBe(names.indexOf('parse_config') + 1);
    expect(frames[0]!.function).toMatch(/strlen/);
    expect(a.source).toMatchObject({ line: 6, frameLevel: parse.level });
    expect(a.source!.lines.find((l) => l.number === 6)!.text).toContain('strlen(text)');
    expect(a.debugInfo.missing).toBe(false);
    expect(a.disassembly).toBeNull();
    const text = formatBacktrace(a);
    expect(text).toMatch(/Signal: +SIGSEGV \(11\)/);
    expect(text).toMatch(/parse_config \(text=0x0\) at .*crash-parse\.c:6/);
    expect(text).toMatch(/> +6 +size_t length = strlen\(text\);/);
  });

  it('multithreaded abort: the aborting thread is identified, listed first, and all four threads are there', async () => {
    const a = await analyzeCore(threadsCore.corePath, undefined);
    expect(a.signal?.name).toBe('SIGABRT');
    expect(a.threads).toHaveLength(4);
    expect(a.threads.filter((t) => t.crashed)).toHaveLength(1);
    const crashed = a.threads[0]!;
    expect(crashed.crashed).toBe(true);
    expect(a.crashedThreadId).toBe(crashed.id);
    expect(crashed.frames.map((f) => f.function)).toContain('worker_check');
    expect(crashed.frames.some((f) => f.function !== null && /abort/.test(f.function))).toBe(true);
    const others = a.threads.slice(1).map((t) => t.frames.map((f) => f.function));
    expect(others.filter((fs) => fs.includes('worker_idle'))).toHaveLength(2);
    expect(others.filter((fs) => fs.includes('main'))).toHaveLength(1);
    expect(a.source?.lines.find((l) => l.number === a.source!.line)?.text).toContain('abort()');
  });

  it('stripped binary: missing-symbols note, addresses, disassembly at the current instruction', async () => {
    const a = await analyzeCore(strippedCore.corePath, undefined);
    expect(a.executable.hasDebugInfo).toBe(false);
    expect(a.debugInfo.missing).toBe(true);
    expect(a.debugInfo.objects).toContain(strippedExe);
    expect(a.debugInfo.advice).toMatch(/no debug symbols.*-g/s);
    const unnamed = a.threads[0]!.frames.filter((f) => f.function === null);
    expect(unnamed.length).toBeGreaterThanOrEqual(2);
    for (const f of unnamed) expect(f.address).toMatch(/^0x[0-9a-f]+$/);
    expect(a.threads[0]!.frames.some((f) => f.function === 'parse_config')).toBe(false);
    expect(a.disassembly).not.toBeNull();
    expect(a.disassembly!.instructions.filter((i) => i.current)).toHaveLength(1);
    expect(formatBacktrace(a)).toMatch(/Symbols: +The program .*crash-stripped has no debug symbols/);
  });

  it('registers and shared libraries on demand', async () => {
    const regs = await coreRegisters(parseCore.corePath, undefined, undefined);
    const names = regs.registers.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['rip', 'rsp', 'rdi']));
    // strlen(NULL): the first argument register holds the NULL pointer.
    expect(regs.registers.find((r) => r.name === 'rdi')!.value).toBe('0x0');
    const libs = await coreLibraries(parseCore.corePath, undefined);
    const libc = libs.libraries.find((l) => l.path.endsWith('libc.so.6'));
    expect(libc).toMatchObject({ present: true, symbolsLoaded: true });
    expect(libc!.from).toMatch(/^0x/);
  });

  it('stops gdb at the deadline with a TIMEOUT error', async () => {
    const err = await rejection(analyzeCore(parseCore.corePath, undefined, { timeoutMs: 1 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/gdb did not finish within/);
  });

  it('warns when the given program is a different build', async () => {
    const a = await analyzeCore(parseCore.corePath, threadsExe);
    expect(a.executable).toMatchObject({ foundBy: 'given', match: 'different-build' });
    expect(a.warnings[0]).toMatch(/not the build that crashed/);
  });
});

describe('bad input gets a clear sentence', () => {
  it('a truncated core', async () => {
    const cut = join(dir!, 'truncated-core');
    writeFileSync(cut, readFileSync(parseCore.corePath).subarray(0, 3000));
    const err = await rejection(analyzeCore(cut, undefined));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/is a truncated core dump/);
  });

  it('a core cut after its notes still opens, with a truncation warning', async () => {
    const whole = readFileSync(threadsCore.corePath);
    const cut = join(dir!, 'half-core');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.9)));
    const a = await analyzeCore(cut, undefined);
    expect(a.core.truncated).toMatchObject({ expectedBytes: whole.length });
    expect(a.warnings[0]).toMatch(/The core file is truncated/);
  });

  it('a text file, a program, a symlink, a FIFO, a folder, a missing file, a relative path', async () => {
    const text = await rejection(analyzeCore(join(FIXTURES, 'not-a-core.txt'), undefined));
    expect(text.message).toMatch(/not-a-core\.txt is not a core dump: it is a text file/);
    const program = await rejection(analyzeCore(parseExe, undefined));
    expect(program.message).toMatch(/is a program or shared library, not a core dump/);
    const link = join(dir!, 'link-to-core');
    symlinkSync(parseCore.corePath, link);
    expect((await rejection(analyzeCore(link, undefined))).message).toMatch(/is a symbolic link/);
    const fifo = join(dir!, 'a-fifo');
    execFileSync('mkfifo', ['--', fifo]);
    expect((await rejection(analyzeCore(fifo, undefined))).message).toMatch(/is a named pipe \(FIFO\), not a core file/);
    const folder = join(dir!, 'a-folder');
    mkdirSync(folder);
    expect((await rejection(analyzeCore(folder, undefined))).message).toMatch(/is a folder/);
    expect((await rejection(analyzeCore(join(dir!, 'nope'), undefined))).code).toBe('NOT_FOUND');
    expect((await rejection(analyzeCore('core', undefined))).message).toMatch(/must be absolute/);
  });

  it('a core whose program is gone asks for the program', async () => {
    const copy = join(dir!, 'short-lived');
    copyFileSync(parseExe, copy);
    const produced = await crashForCore(copy, dir!);
    unlinkSync(copy);
    const err = await rejection(analyzeCore(produced.corePath, undefined));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/short-lived.*Choose the program that crashed/);
    // Given the program by hand, it opens.
    const a = await analyzeCore(produced.corePath, parseExe);
    expect(a.threads[0]!.frames.map((f) => f.function)).toContain('parse_config');
  });
});
