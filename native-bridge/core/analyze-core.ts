import { access } from 'node:fs/promises';
import type { CoreAnalysis, CoreLibraries, CoreRegisters, CoreExecutableMatch } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import { collectThreads, orderThreads, MAX_FRAMES } from './backtrace.js';
import { readCoreInfo, type CoreInfo } from './core-info.js';
import { debugInfoNote } from './debug-note.js';
import { disassembleFrame } from './disassembly.js';
import { describeMatch, inspectExecutable, matchExecutable, type ExecutableFacts } from './executable.js';
import { GdbSession } from './gdb-session.js';
import { miList, miString } from './mi-parse.js';
import { describeSignal, hasFaultAddress } from './signals.js';
import { sourceAround } from './source-context.js';
import { requireTool } from './tools.js';
import { checkAbsolutePath, DEFAULT_MAX_CORE_BYTES, openUntrusted, type OpenedFile } from './untrusted-file.js';
import { gdbWarnings } from './warnings.js';

export interface AnalyzeOptions {
  gdbPath?: string;
  timeoutMs?: number;
  maxFrames?: number;
  maxCoreBytes?: number;
  debugRoot?: string;
}

export interface CoreSession {
  file: OpenedFile;
  info: CoreInfo;
  exe: ExecutableFacts;
  foundBy: CoreAnalysis['executable']['foundBy'];
  match: CoreExecutableMatch;
  session: GdbSession;
}

/**
 * Opens a core safely, finds and checks its program, and starts gdb on exactly the file that was checked
 * (handed over as an open descriptor, so a path swapped in the meantime changes nothing).
 */
export async function withCoreSession<T>(path: string, exe: string | undefined, opts: AnalyzeOptions, use: (s: CoreSession) => Promise<T>): Promise<T> {
  const gdbPath = opts.gdbPath ?? requireTool('gdb');
  const file = await openUntrusted(path, 'core', opts.maxCoreBytes ?? DEFAULT_MAX_CORE_BYTES);
  try {
    const info = await readCoreInfo(file.source, path);
    const { facts, foundBy, deleted } = await findExecutable(info, exe, opts.debugRoot);
    const match = matchExecutable({
      exists: true,
      deleted,
      coreBuildId: info.executableBuildId,
      fileBuildId: facts.buildId,
      exeModifiedMs: facts.modifiedMs,
      coreModifiedMs: file.stat.mtimeMs,
    });
    const session = await GdbSession.start({
      gdbPath,
      args: ['--', facts.path, '/proc/self/fd/3'],
      passFds: [file.handle.fd],
      timeoutMs: opts.timeoutMs ?? 60_000,
    });
    try {
      return await use({ file, info, exe: facts, foundBy, match, session });
    } finally {
      await session.close();
    }
  } finally {
    await file.handle.close();
  }
}

/** The program that goes with a core: the one given (checked), else the one the core names, if still on disk. */
export async function findExecutable(info: CoreInfo, given: string | undefined, debugRoot: string | undefined) {
  if (given !== undefined) {
    checkAbsolutePath(given, 'program');
    return { facts: await inspectExecutable(given, debugRoot), foundBy: 'given' as const, deleted: false };
  }
  const guess = info.executable;
  if (!guess) {
    throw new TriageError('NOT_FOUND', 'Triage could not tell from the core which program crashed. Choose the program that crashed.');
  }
  try {
    await access(guess.path);
  } catch {
    throw new TriageError(
      'NOT_FOUND',
      `The program that crashed (${guess.path}) is no longer on this machine. Choose the program that crashed.`,
    );
  }
  return { facts: await inspectExecutable(guess.path, debugRoot), foundBy: guess.foundBy, deleted: guess.deleted };
}

/** The full analysis: signal, every thread's stack (crashed first), source, symbols note, disassembly. */
export async function analyzeCore(path: string, exe: string | undefined, opts: AnalyzeOptions = {}): Promise<CoreAnalysis> {
  return withCoreSession(path, exe, opts, async ({ file, info, exe: facts, foundBy, match, session }) => {
    const collected = await collectThreads(session, opts.maxFrames ?? MAX_FRAMES);
    if (collected.threads.length === 0) {
      throw new TriageError('INVALID_INPUT', `gdb could not read any thread from ${path}; the core may be damaged.`, session.startupLog.slice(-2000) || undefined);
    }
    const dumpingLwp = info.notes.threads[0]?.lwp ?? null;
    const crashedId = collected.threads.find((t) => t.lwp !== null && t.lwp === dumpingLwp)?.id ?? collected.currentThreadId;
    const threads = orderThreads(collected.threads, crashedId);
    const crashed = threads.find((t) => t.crashed);

    const signal = await signalOf(info, session);
    const debugInfo = debugInfoNote(crashed?.frames ?? [], facts);
    let disassembly = null;
    if (debugInfo.missing && crashed) {
      const target = crashed.frames.find((f) => f.function === null) ?? crashed.frames[0];
      if (target) disassembly = await disassembleFrame(session, crashed.id, target);
    }

    const warnings = gdbWarnings(session.startupLog);
    const mismatch = describeMatch(match, facts.path);
    if (mismatch) warnings.unshift(mismatch);
    if (info.truncated) {
      warnings.unshift(
        `The core file is truncated (${file.stat.size} of ${info.expectedBytes} bytes): some memory is missing, so parts of the stacks may be wrong.`,
      );
    }
    if (collected.skipped > 0) warnings.push(`${collected.skipped} more threads were not read.`);

    const ps = info.notes.psinfo;
    return {
      kind: 'core' as const,
      core: {
        path,
        sizeBytes: file.stat.size,
        modifiedMs: file.stat.mtimeMs,
        program: ps?.fname || null,
        commandLine: ps?.psargs || null,
        pid: ps?.pid ?? dumpingLwp,
        uid: ps?.uid ?? null,
        truncated: info.truncated ? { expectedBytes: info.expectedBytes, actualBytes: file.stat.size } : null,
      },
      executable: {
        path: facts.path,
        foundBy,
        match,
        coreBuildId: info.executableBuildId,
        fileBuildId: facts.buildId,
        hasDebugInfo: facts.hasDebugInfo,
      },
      signal,
      threads,
      crashedThreadId: crashed?.id ?? null,
      source: crashed ? await sourceAround(crashed.frames) : null,
      debugInfo,
      disassembly,
      warnings,
    };
  });
}

/** From the core's siginfo note; gdb's $_siginfo when the note is missing (older kernels, gcore). */
async function signalOf(info: CoreInfo, session: GdbSession) {
  const si = info.notes.siginfo;
  if (si && si.signo > 0) return describeSignal(si.signo, si.code, hasFaultAddress(si.signo, si.code) ? si.addr : null);
  const cursig = info.notes.threads[0]?.signal;
  if (!cursig) return null;
  let addr: bigint | null = null;
  const r = await session.command('-data-evaluate-expression $_siginfo._sifields._sigfault.si_addr');
  const value = r.resultClass === 'done' ? miString(r.results, 'value') : null;
  const hex = value ? value.match(/0x[0-9a-f]+/i)?.[0] : undefined;
  if (hex) addr = BigInt(hex);
  return describeSignal(cursig, addr !== null ? 1 : null, addr);
}

/** Registers of frame 0 of one thread (default: the crashed one), scalar registers only. */
export async function coreRegisters(path: string, exe: string | undefined, threadId: number | undefined, opts: AnalyzeOptions = {}): Promise<CoreRegisters> {
  return withCoreSession(path, exe, opts, async ({ session, info }) => {
    let id = threadId;
    if (id === undefined) {
      const collected = await session.command('-thread-info');
      const lwp = info.notes.threads[0]?.lwp;
      const match = miList(collected.results, 'threads').find((t) => (miString(t, 'target-id') ?? '').includes(`LWP ${lwp}`));
      id = Number(miString(match, 'id') ?? miString(collected.results, 'current-thread-id') ?? 1);
    }
    const names = await session.command('-data-list-register-names');
    const values = await session.command(`-data-list-register-values --thread ${id} --frame 0 x`);
    if (values.resultClass !== 'done') {
      throw new TriageError('NOT_FOUND', `The core has no thread ${id}.`, miString(values.results, 'msg') ?? undefined);
    }
    const nameList = miList(names.results, 'register-names').map((n) => (typeof n === 'string' ? n : ''));
    const registers = miList(values.results, 'register-values')
      .map((v) => ({ name: nameList[Number(miString(v, 'number'))] ?? '', value: miString(v, 'value') ?? '' }))
      .filter((r) => r.name !== '' && /^-?0x[0-9a-f]+$|^-?\d+$/i.test(r.value));
    return { threadId: id, registers };
  });
}

/** The shared libraries the crashed program had loaded, and whether each is still on disk. */
export async function coreLibraries(path: string, exe: string | undefined, opts: AnalyzeOptions = {}): Promise<CoreLibraries> {
  return withCoreSession(path, exe, opts, async ({ session }) => {
    const r = await session.command('-file-list-shared-libraries');
    const libraries = [];
    for (const lib of miList(r.results, 'shared-libraries')) {
      const libPath = miString(lib, 'host-name') ?? miString(lib, 'target-name') ?? miString(lib, 'id') ?? '';
      const range = miList(lib, 'ranges')[0];
      let present = false;
      try {
        await access(libPath);
        present = true;
      } catch {
        present = false;
      }
      libraries.push({
        path: libPath,
        symbolsLoaded: miString(lib, 'symbols-loaded') === '1',
        from: miString(range, 'from'),
        to: miString(range, 'to'),
        present,
      });
    }
    return { libraries };
  });
}
