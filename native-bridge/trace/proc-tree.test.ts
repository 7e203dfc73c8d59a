import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants } from './proc-tree.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A /proc with just the stat lines given (pid → parent), the only file descendants() reads. */
function fakeProc(parents: Record<number, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'triage-proc-tree-'));
  roots.push(root);
  for (const [pid, ppid] of Object.entries(parents)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'stat'), `${pid} (x y) S ${ppid} 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n`);
  }
  return root;
}

describe('descendants', () => {
  it('finds a child of ours on this machine', () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      expect(descendants(process.pid)).toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('ends on parent links that form a loop (pids reused while /proc was read), listing each pid once', () => {
    // 10 → 11 → 10 is impossible at one instant but not across a walk that reads one stat at a time.
    const proc = fakeProc({ 10: 11, 11: 10, 12: 10, 13: 12 });
    expect(descendants(10, proc).sort()).toEqual([11, 12, 13]);
    expect(descendants(11, proc).sort()).toEqual([10, 12, 13]);
  });
});
