import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { TriageError } from '../contract/errors.js';
import { prlimitCoreArgument } from './limits.js';
import { readCoreLimit } from './status.js';
import { requireTool } from './tools.js';

export interface LaunchOptions {
  procRoot?: string;
  stdio?: StdioOptions;
  /** The program's environment (it is the user's own program, so the user's environment by default). */
  env?: NodeJS.ProcessEnv;
}

export interface LaunchedChild {
  pid: number;
  child: ChildProcess;
  /** argv as run, program resolved to an absolute path. */
  argv: string[];
  cwd: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves argv[0] once, like a shell would, so prlimit never searches PATH itself. */
export function resolveProgram(name: string, cwd: string, pathEnv = process.env.PATH ?? ''): string {
  if (name.includes('\0')) throw new TriageError('INVALID_INPUT', 'The program name contains a NUL character.');
  if (name.includes('/')) {
    const full = isAbsolute(name) ? name : resolve(cwd, name);
    if (isExecutableFile(full)) return full;
    throw new TriageError('NOT_FOUND', `${full} is not a program Triage can start (missing or not executable).`);
  }
  for (const dir of pathEnv.split(delimiter).filter((d) => d.startsWith('/'))) {
    const full = join(dir, name);
    if (isExecutableFile(full)) return full;
  }
  throw new TriageError('NOT_FOUND', `No program called "${name}" was found on PATH.`);
}

/**
 * Starts a program with its core size limit raised as far as the hard limit allows, for that program
 * only: `prlimit --core=HARD: -- PROGRAM ARGS` (prlimit sets the limit, then execs the program, so the
 * pid is the program's own). No shell is involved.
 */
export async function launchWithCores(argv: readonly string[], cwd: string, opts: LaunchOptions = {}): Promise<LaunchedChild> {
  if (argv.length === 0 || argv[0] === '') throw new TriageError('INVALID_INPUT', 'Say which program to start.');
  if (argv.some((a) => a.includes('\0'))) throw new TriageError('INVALID_INPUT', 'An argument contains a NUL character.');
  if (!isAbsolute(cwd)) throw new TriageError('INVALID_INPUT', `The working folder must be an absolute path: ${cwd}`);
  try {
    if (!statSync(cwd).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new TriageError('NOT_FOUND', `The working folder ${cwd} does not exist.`);
  }
  const prlimit = requireTool('prlimit');
  const program = resolveProgram(argv[0]!, cwd);
  const limit = (await readCoreLimit(process.pid, opts.procRoot)) ?? { soft: null, hard: null };
  const coreArg = prlimitCoreArgument(limit);
  if (coreArg === null) {
    throw new TriageError('EPERM', 'The hard core size limit of Triage is 0, so it cannot raise it for a program. Only root can change the hard limit (/etc/security/limits.conf).');
  }
  const args = [coreArg, '--', program, ...argv.slice(1)];
  const child = spawn(prlimit, args, { cwd, stdio: opts.stdio ?? 'ignore', env: opts.env ?? process.env });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.once('exit', (code, signal) => res({ code, signal }));
  });
  await new Promise<void>((res, rej) => {
    child.once('spawn', () => res());
    child.once('error', (error) => rej(new TriageError('INTERNAL', `Could not start ${program}.`, String(error))));
  });
  if (child.pid === undefined) throw new TriageError('INTERNAL', `Could not start ${program}.`);
  return { pid: child.pid, child, argv: [program, ...argv.slice(1)], cwd, exited };
}
