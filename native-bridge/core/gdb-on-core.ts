import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './analyze-core.js';
import { readCoreInfo } from './core-info.js';
import { coreGdbArgv } from './gdb-argv.js';
import { cleanToolEnv, requireTool } from './tools.js';
import { DEFAULT_MAX_CORE_BYTES, openUntrusted } from './untrusted-file.js';

export interface GdbOnCoreOptions {
  /** Absolute path of gdb (default: found on PATH, TOOL_MISSING with the install command if absent). */
  gdbPath?: string;
  maxCoreBytes?: number;
  debugRoot?: string;
  /** Where the private working folder goes (default: the OS temp dir). */
  tempRoot?: string;
  procRoot?: string;
}

/** Everything needed to start the interactive gdb, plus what to release once it has ended. */

/**
 * gdb should read exactly the file that was checked, not whatever the path names a moment later. The
 * open descriptor stays with the backend, and gdb opens it through /proc/<backend>/fd/N (same user, so
 * allowed). If the backend's /proc entry is not ours (a non-dumpable process), fall back to the path.
 */
export function pathOfCheckedFile(fd: number, checkedPath: string, procRoot = '/proc'): string {
  const fdDir = `${procRoot}/${process.pid}/fd`;
  try {
    if (statSync(fdDir).uid === process.geteuid?.()) return `${fdDir}/${fd}`;
  } catch {
    // No /proc here: the path is all there is.
  }
  return checkedPath;
}

/**
 * Checks a core like core.open does (no symlink, regular file of sane size, an ELF core with process
 * notes), finds its program, and builds the protected gdb command line for "Continue in gdb". Nothing of
 * the command line comes from the caller except the two checked paths.
 */
export async function prepareGdbOnCore(path: string, exe: string | undefined, options: GdbOnCoreOptions = {}) {
  const gdbPath = options.gdbPath ?? requireTool('gdb');
  const file = await openUntrusted(path, 'core', options.maxCoreBytes ?? DEFAULT_MAX_CORE_BYTES);
  let dir: string | null = null;
  try {
    const info = await readCoreInfo(file.source, path);
    const { facts } = await findExecutable(info, exe, options.debugRoot);
    const argv = coreGdbArgv(pathOfCheckedFile(file.handle.fd, path, options.procRoot), facts.path, gdbPath);
    dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'triage-gdb-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(cleanToolEnv(dir))) if (v !== undefined) env[k] = v;
    // A real terminal this time (cleanToolEnv says "dumb" for batch runs): readline editing and history keys work.
    env.TERM = 'xterm-256color';
    const workDir = dir;
    let released = false;
    return {
      argv,
      /** A fresh private folder (mode 0700): nothing in the core's folder is ever gdb's working folder. */
      cwd: workDir,
      env,
      /** Closes the checked core and deletes the working folder. Call once gdb has ended. */
      async release(): Promise<void> {
        if (released) return;
        released = true;
        await file.handle.close().catch(() => undefined);
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await file.handle.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
