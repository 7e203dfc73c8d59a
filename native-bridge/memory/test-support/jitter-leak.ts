import { rmSync } from 'node:fs';
import { compileInTempDir, startHog, type RunningHog } from './memhog.js';

/** Compiles jitter-leak.c into a private temp dir; `dispose` removes it. */
export function buildJitterLeak(): { binary: string; start(args: string[]): Promise<RunningHog>; dispose(): void } {
  const { dir, binary } = compileInTempDir('jitter-leak');
  return {
    binary,
    // Same protocol as memhog: one "ready" line once the process exists with its memory reserved.
    start: (args) => startHog(binary, args),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
