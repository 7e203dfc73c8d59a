import { execFile } from 'node:child_process';
import { findExecutable } from '../../pty/find-executable.js';

export type RunResult = { ok: true; stdout: string } | { ok: false; why: string };

const TIMEOUT_MS = 3000;

/** Runs a program found on PATH (argv only, a deadline, a minimal environment): its output, or why it failed. */
export function runProgram(name: string, args: readonly string[], path = process.env.PATH): Promise<RunResult> {
  const program = findExecutable(name, path);
  if (program === null) return Promise.resolve({ ok: false, why: `${name} is not installed` });
  return new Promise((resolve) => {
    // LC_ALL=C: the output is parsed, never translated.
    execFile(program, args, { timeout: TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8', env: { PATH: path ?? '', LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) {
        const said = stderr.trim().split('\n')[0];
        resolve({ ok: false, why: error.killed ? `${name} did not answer within ${TIMEOUT_MS / 1000} s` : `${name} failed${said ? `: ${said}` : ` (${error.message})`}` });
      } else {
        resolve({ ok: true, stdout });
      }
    });
  });
}
