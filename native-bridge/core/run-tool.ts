import { spawn } from 'node:child_process';
import { TriageError } from '../contract/errors.js';
import { cleanToolEnv } from './tools.js';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a helper tool by absolute path with a clean environment, a deadline and an output cap. */
export function runTool(path: string, args: readonly string[], opts: { cwd: string; timeoutMs: number; maxBytes?: number }): Promise<ToolResult> {
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { cwd: opts.cwd, env: cleanToolEnv(opts.cwd), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let failed: TriageError | null = null;
    const stop = (error: TriageError) => {
      failed ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new TriageError('TIMEOUT', `${path} did not finish in time and was stopped.`)), opts.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (stdout.length > maxBytes) stop(new TriageError('INTERNAL', `${path} printed far more output than expected.`));
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 65_536) stderr += s;
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new TriageError('INTERNAL', `${path} could not be started.`, String(error)));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else resolve({ code, signal, stdout, stderr });
    });
  });
}
