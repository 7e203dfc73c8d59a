import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHog, type RunningHog } from './memhog.js';

/** Compiles jitter-leak.c into a private temp dir; `dispose` removes it. */
export function buildJitterLeak(): { binary: string; start(args: string[]): Promise<RunningHog>; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'triage-jitter-leak-'));
  const binary = join(dir, 'jitter-leak');
  const source = new URL('./jitter-leak.c', import.meta.url).pathname;
  try {
    // Both paths are absolute, so neither can be read as an option.
    execFileSync('gcc', ['-O1', '-o', binary, source], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    binary,
    // Same protocol as memhog: one "ready" line once the process exists with its memory reserved.
    start: (args) => startHog(binary, args),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
