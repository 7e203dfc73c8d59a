import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcFile } from './proc-file.js';

describe('ProcFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'triage-procfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-reads a kept-open file from the start and grows its buffer for a bigger file', () => {
    const path = join(dir, 'f');
    writeFileSync(path, 'short\n');
    const file = new ProcFile(path, 8);
    expect(file.read()).toEqual({ ok: true, text: 'short\n' });
    const long = 'x'.repeat(10_000) + '\n';
    writeFileSync(path, long);
    expect(file.readText()).toBe(long);
    file.close();
    expect(file.read()).toMatchObject({ ok: false, why: 'error', errno: 'EBADF' });
  });

  it('throws a missing file by default; kept, it answers why it could not be opened', () => {
    expect(() => new ProcFile(join(dir, 'missing'))).toThrow(/ENOENT/);
    const file = new ProcFile(join(dir, 'missing'), 4096, 'keep');
    expect(file.isOpen).toBe(false);
    expect(file.read()).toEqual({ ok: false, why: 'gone', errno: 'ENOENT' });
  });

  it('regenerates a real /proc seq file on every read', () => {
    const file = new ProcFile('/proc/self/stat');
    const first = file.readText();
    let second = first;
    // utime/stime or the state of this process change while it spins; poll rather than assume a tick passed.
    const deadline = Date.now() + 20_000;
    while (second === first && Date.now() < deadline) {
      for (let i = 0; i < 1e6; i++) Math.sqrt(i);
      second = file.readText();
    }
    file.close();
    expect(second).not.toBe(first);
    expect(second.startsWith(`${process.pid} (`)).toBe(true);
  });
});
