import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CrashEntry, CrashList, CoreExecutableMatch } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import { parseApportReport } from './apport-parse.js';
import { readCoreInfo } from './core-info.js';
import { readCoreSettings } from '../procfs/sysctl.js';
import { parseCorePattern } from './core-pattern.js';
import { parseCoredumpctlJson } from './coredumpctl-parse.js';
import { ET_CORE, readElfHeader } from './elf.js';
import { inspectExecutable, matchExecutable, type ExecutableFacts } from './executable.js';
import { runTool } from './run-tool.js';
import { signalName } from './signals.js';
import { findTool } from './tools.js';
import { checkAbsolutePath, DEFAULT_MAX_CORE_BYTES, openUntrusted } from './untrusted-file.js';

export interface ListOptions {
  procRoot?: string;
  /** Path of coredumpctl, null to skip it; looked up on PATH by default. */
  coredumpctlPath?: string | null;
  /** apport's folder; looked in only when it exists. */
  varCrash?: string;
  maxFilesPerFolder?: number;
  /** Skip files last modified before this (ms since the epoch): the findings ask only for recent crashes, and old cores are not parsed again. */
  modifiedSinceMs?: number;
}

/** The problem a folder that does not exist gives: nothing was written there, which is not a failure to look. */
export const MISSING_FOLDER = 'The folder does not exist.';

const APPORT_HEAD_BYTES = 256 * 1024;

/**
 * Every crash Triage can find: core files in the core_pattern folder, the user's folders (and one level
 * below), apport's /var/crash, and coredumpctl's list. Unreadable places are reported, not fatal.
 */
export async function listCrashes(userFolders: readonly string[], opts: ListOptions = {}): Promise<CrashList> {
  const procRoot = opts.procRoot ?? '/proc';
  for (const f of userFolders) checkAbsolutePath(f, 'folder');
  const folders = new Set(userFolders);
  // Without core_pattern there is no kernel folder to add; the other places are still searched.
  const settings = readCoreSettings(procRoot);
  const parsed = parseCorePattern(settings?.pattern ?? '', settings?.usesPid ?? false);
  if (parsed.handler === 'file' && !parsed.relative && parsed.directory) folders.add(parsed.directory);
  const varCrash = opts.varCrash ?? '/var/crash';
  if (await isDirectory(varCrash)) folders.add(varCrash);

  const crashes: CrashEntry[] = [];
  const problems: CrashList['problems'] = [];
  const exeCache = new Map<string, Promise<ExecutableFacts | null>>();
  const seen = new Set<string>();
  for (const folder of folders) {
    const files = await filesIn(folder, 1, opts.maxFilesPerFolder ?? 2000, problems);
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (opts.modifiedSinceMs !== undefined && !(await modifiedSince(file, opts.modifiedSinceMs))) continue;
      const entry = await identify(file, exeCache);
      if (entry) crashes.push(entry);
    }
  }

  const coredumpctl = opts.coredumpctlPath === undefined ? findTool('coredumpctl') : opts.coredumpctlPath;
  if (coredumpctl) {
    try {
      const r = await runTool(coredumpctl, ['--json=short', '--no-pager', 'list'], { cwd: '/', timeoutMs: 15_000 });
      crashes.push(...parseCoredumpctlJson(r.stdout));
      if (r.code !== 0 && r.stdout.trim() === '' && !/No coredumps found/i.test(r.stderr)) {
        problems.push({ where: 'coredumpctl', message: r.stderr.trim().split('\n')[0] || `coredumpctl failed (exit ${r.code}).` });
      }
    } catch (error) {
      problems.push({ where: 'coredumpctl', message: error instanceof TriageError ? error.message : String(error) });
    }
  }

  crashes.sort((a, b) => (b.timeMs ?? 0) - (a.timeMs ?? 0));
  return { crashes, searched: [...folders], problems };
}

async function modifiedSince(path: string, sinceMs: number): Promise<boolean> {
  try {
    return (await stat(path)).mtimeMs >= sinceMs;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Regular files (never symlinks) in a folder and, while depth > 0, its subfolders. */
async function filesIn(folder: string, depth: number, max: number, problems: CrashList['problems']): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? MISSING_FOLDER : code === 'EACCES' ? 'Triage may not read this folder.' : code === 'ENOTDIR' ? 'This is not a folder.' : `Could not read it (${code}).`;
    problems.push({ where: folder, message });
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (out.length >= max) break;
    if (e.isFile()) out.push(join(folder, e.name));
  }
  if (depth > 0) {
    for (const e of entries) {
      if (out.length >= max) break;
      if (e.isDirectory()) out.push(...(await filesIn(join(folder, e.name), depth - 1, max - out.length, [])));
    }
  }
  return out;
}

async function identify(path: string, exeCache: Map<string, Promise<ExecutableFacts | null>>): Promise<CrashEntry | null> {
  if (path.endsWith('.crash')) return identifyApport(path);
  let file;
  try {
    file = await openUntrusted(path, 'core', DEFAULT_MAX_CORE_BYTES);
  } catch {
    return null;
  }
  try {
    const header = await readElfHeader(file.source).catch(() => null);
    if (!header || header.type !== ET_CORE) return null;
    const base = {
      source: 'file' as const,
      path,
      timeMs: file.stat.mtimeMs,
      sizeBytes: file.stat.size,
    };
    let info;
    try {
      info = await readCoreInfo(file.source, path);
    } catch (error) {
      return {
        ...base, program: null, commandLine: null, pid: null, signal: null, signalName: null, executable: null,
        executableMatch: 'unknown', openable: false, note: error instanceof TriageError ? error.message : String(error),
      };
    }
    const signal = info.notes.siginfo?.signo || info.notes.threads[0]?.signal || null;
    const exe = info.executable;
    let match: CoreExecutableMatch = 'unknown';
    if (exe) {
      let pending = exeCache.get(exe.path);
      if (!pending) {
        pending = inspectExecutable(exe.path).catch(() => null);
        exeCache.set(exe.path, pending);
      }
      const facts = await pending;
      match = matchExecutable({
        exists: facts !== null, deleted: exe.deleted, coreBuildId: info.executableBuildId, fileBuildId: facts?.buildId ?? null,
        exeModifiedMs: facts?.modifiedMs ?? null, coreModifiedMs: file.stat.mtimeMs,
      });
    }
    return {
      ...base,
      program: info.notes.psinfo?.fname || null,
      commandLine: info.notes.psinfo?.psargs || null,
      pid: info.notes.psinfo?.pid ?? info.notes.threads[0]?.lwp ?? null,
      signal,
      signalName: signal ? signalName(signal) : null,
      executable: exe?.path ?? null,
      executableMatch: match,
      openable: true,
      note: info.truncated ? 'The core file is truncated; the analysis may be incomplete.' : null,
    };
  } finally {
    await file.handle.close();
  }
}

async function identifyApport(path: string): Promise<CrashEntry | null> {
  let file;
  try {
    file = await openUntrusted(path, 'crash report', Number.MAX_SAFE_INTEGER);
  } catch {
    return null;
  }
  try {
    const head = (await file.source.read(0, APPORT_HEAD_BYTES)).toString('utf8');
    const report = parseApportReport(head.split('\nCoreDump:')[0] + (head.includes('\nCoreDump:') ? '\nCoreDump: yes' : ''));
    return {
      source: 'apport',
      path,
      program: report.executable ? report.executable.split('/').pop() ?? null : null,
      commandLine: report.commandLine,
      pid: report.pid,
      signal: report.signal,
      signalName: report.signal ? signalName(report.signal) : null,
      timeMs: report.timeMs ?? file.stat.mtimeMs,
      sizeBytes: file.stat.size,
      executable: report.executable,
      executableMatch: 'unknown',
      openable: false,
      note: report.hasCore
        ? `An apport report. Unpack it with "apport-unpack ${path} FOLDER", then open FOLDER/CoreDump.`
        : 'An apport report without a core dump.',
    };
  } finally {
    await file.handle.close();
  }
}
