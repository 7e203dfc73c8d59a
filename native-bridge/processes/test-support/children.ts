// Helpers for this folder's tests only: real children, real /proc, cleaned up after each test.
import { afterEach, beforeEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parsePidStat } from '../../procfs/parse-pid-stat.js';
import { waitFor } from '../../../test-support/until.js';

export function statOf(pid: number) {
  try {
    return parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export class Children {
  private readonly all: ChildProcess[] = [];
  spawn(file: string, args: string[]): ChildProcess & { pid: number } {
    const child = spawn(file, args, { stdio: 'ignore' });
    if (child.pid === undefined) throw new Error(`could not start ${file}`);
    this.all.push(child);
    return child as ChildProcess & { pid: number };
  }
  sleep(): ChildProcess & { pid: number } {
    return this.spawn('/bin/sleep', ['1000']);
  }
  killAll(): void {
    for (const c of this.all) {
      if (c.exitCode === null && c.signalCode === null) {
        try {
          process.kill(c.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    this.all.length = 0;
  }
}

/** Exits when it can no longer be seen in /proc (a zombie counts as gone for these tests once reaped). */
export async function waitGone(child: ChildProcess): Promise<void> {
  await waitFor(() => child.exitCode !== null || child.signalCode !== null, `pid ${child.pid} to exit`);
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(prefix = 'triage-proc-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Bundles a small entry script (TypeScript source that may import this folder's modules by absolute
 * path) into one .mjs another user can run with plain node.
 */
export async function compileEntry(dir: string, name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const out = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'silent',
    nodePaths: [new URL('../../../node_modules', import.meta.url).pathname],
  });
  chmodSync(out, 0o644);
  return out;
}

/** The processes folder (tests import its modules by path into child programs). */
export const here = new URL('..', import.meta.url).pathname;

/** Fresh children and a fresh temp dir for each test, both cleaned up after it. */
export function perTestChildrenAndDir(): { children: Children; dir: TempDir } {
  const context = {} as { children: Children; dir: TempDir };
  beforeEach(() => {
    context.children = new Children();
    context.dir = tempDir();
  });
  afterEach(() => {
    context.children.killAll();
    context.dir.remove();
  });
  return context;
}
