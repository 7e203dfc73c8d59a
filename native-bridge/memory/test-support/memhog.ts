import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Compiles this folder's `<name>.c` into dir. The source is found through import.meta.dirname, not
 * `new URL(…, import.meta.url)`, which happy-dom resolves against the page when a component test calls this.
 */
export function compileC(name: 'memhog' | 'jitter-leak', dir: string): string {
  const binary = join(dir, name);
  // Both paths are absolute, so neither can be read as an option (gcc has no `--`).
  execFileSync('gcc', ['-O1', '-o', binary, join(import.meta.dirname, `${name}.c`)], { stdio: 'pipe' });
  return binary;
}

/** Compiles `<name>.c` into a private temp dir, removed again if gcc fails. */
export function compileInTempDir(name: 'memhog' | 'jitter-leak'): { dir: string; binary: string } {
  const dir = mkdtempSync(join(tmpdir(), `triage-${name}-`));
  try {
    return { dir, binary: compileC(name, dir) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Compiles memhog.c into a private temp dir; `dispose` removes it. */
export function buildMemhog(): { dir: string; binary: string; copyAs(name: string): string; dispose(): void } {
  const { dir, binary } = compileInTempDir('memhog');
  return {
    dir,
    binary,
    /** A copy under another name, so it can be found by name pattern (comm is the file name). */
    copyAs(name: string) {
      const path = join(dir, name);
      copyFileSync(binary, path);
      return path;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningHog {
  child: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a memhog and resolves once it has printed "ready". */
export function startHog(binary: string, args: string[]): Promise<RunningHog> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`memhog exited early (${code})`)));
    child.stdout!.once('data', () => resolve({ child, pid: child.pid!, stop }));
  });
}
