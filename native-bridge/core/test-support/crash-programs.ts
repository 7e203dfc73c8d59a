/**
 * Shared by the core tests and the bench: compiles the C programs in ../fixtures and makes them crash
 * for real, leaving a core. Uses the kernel (core_pattern is a plain file pattern here); where the
 * pattern pipes cores elsewhere, runs the program under gdb and writes the core at the crash instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { corePathRegex, parseCorePattern } from '../core-pattern.js';
import { launchWithCores } from '../launch.js';
import { findTool } from '../tools.js';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export type FixtureName = 'crash-parse' | 'crash-threads' | 'wait-input' | 'crash-big';

export interface ProducedCore {
  corePath: string;
  pid: number;
  signal: NodeJS.Signals | null;
  /** How it was made: by the kernel, or by gdb at the moment of the crash. */
  madeBy: 'kernel' | 'gdb';
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

export async function makeTempDir(prefix = 'triage-core-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** gcc -g -O0 (optionally stripped afterwards); returns the program's path. */
export async function compileFixture(name: FixtureName, dir: string, opts: { strip?: boolean; output?: string } = {}): Promise<string> {
  const gcc = findTool('gcc');
  if (!gcc) throw new Error('gcc is needed for these tests: sudo apt-get install gcc');
  const out = join(dir, opts.output ?? name);
  const r = await run(gcc, ['-g', '-O0', '-pthread', '-o', out, join(FIXTURES, `${name}.c`)], dir);
  if (r.code !== 0) throw new Error(`gcc failed: ${r.output}`);
  if (opts.strip) {
    const strip = findTool('strip');
    if (!strip) throw new Error('strip is needed: sudo apt-get install binutils');
    const s = await run(strip, ['--strip-all', out], dir);
    if (s.code !== 0) throw new Error(`strip failed: ${s.output}`);
  }
  return out;
}

function kernelWritesToCwd(): boolean {
  if (process.env.TRIAGE_TEST_FORCE_GDB_CORE === '1') return false;
  const parsed = parseCorePattern(readFileSync('/proc/sys/kernel/core_pattern', 'utf8'), readFileSync('/proc/sys/kernel/core_uses_pid', 'utf8').trim() === '1');
  return parsed.handler === 'file' && parsed.relative && parsed.directory === '.';
}

/** Runs the program in a fresh folder under `dir` until it crashes, and returns its core. */
export async function crashForCore(exe: string, dir: string, args: string[] = []): Promise<ProducedCore> {
  const cwd = await mkdtemp(join(dir, 'run-'));
  if (kernelWritesToCwd()) {
    const launched = await launchWithCores([exe, ...args], cwd);
    const { signal } = await launched.exited;
    const raw = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
    const usesPid = readFileSync('/proc/sys/kernel/core_uses_pid', 'utf8').trim() === '1';
    const re = corePathRegex(parseCorePattern(raw, usesPid), { pid: launched.pid, program: exe.split('/').pop() });
    const name = (await readdir(cwd)).find((n) => re?.test(n));
    if (!name) throw new Error(`No core appeared in ${cwd} (signal ${signal}); is the core size limit raised?`);
    return { corePath: join(cwd, name), pid: launched.pid, signal, madeBy: 'kernel' };
  }
  // core_pattern sends cores elsewhere (systemd-coredump, apport, an absolute folder): let gdb run the
  // program and write the core at the moment of the crash, which keeps the signal and all threads.
  console.warn('core_pattern is not a plain relative file pattern here, so the test writes the core with gdb at the crash.');
  const gdb = findTool('gdb');
  if (!gdb) throw new Error('gdb is needed: sudo apt-get install gdb');
  const corePath = join(cwd, 'core');
  const r = await run(gdb, ['-nx', '-batch', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '-ex', 'run', '-ex', 'info inferiors', '-ex', `generate-core-file ${corePath}`, '--args', exe, ...args], cwd);
  const pid = Number(r.output.match(/process (\d+)/)?.[1] ?? 0);
  const names = await readdir(cwd);
  if (!names.includes('core')) throw new Error(`gdb did not write a core: ${r.output}`);
  const signal = (r.output.match(/received signal (SIG[A-Z]+)/)?.[1] ?? null) as NodeJS.Signals | null;
  return { corePath, pid, signal, madeBy: 'gdb' };
}
