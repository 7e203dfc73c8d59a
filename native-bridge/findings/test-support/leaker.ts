import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real leaking program: the memory capability's jitter-leak.c (steady average growth in irregular steps
 * with stalls), compiled from its source file. Only the file is shared: capabilities import nothing of
 * each other, tests included.
 */
export function startLeaker(mibPerSec: number, maxMib: number): Promise<{ child: ChildProcess; pid: number; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-leaker-'));
  const binary = join(dir, 'leaker');
  const source = join(import.meta.dirname, '..', '..', 'memory', 'test-support', 'jitter-leak.c');
  execFileSync('gcc', ['-O1', '-o', binary, source], { stdio: 'pipe' });
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [String(mibPerSec), String(maxMib), '1000', '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const stop = () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the leaker exited before it was ready (${code})`)));
    // It prints "ready" once its memory is reserved: growth starts then.
    child.stdout!.once('data', () => resolve({ child, pid: child.pid!, stop }));
  });
}
