import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, parsePageSize, readPageSize } from './page-size.js';

describe('page size', () => {
  it('parses the first KernelPageSize of a smaps text', () => {
    expect(parsePageSize('00400000-00401000 r-xp 00000000 08:01 1 /bin/x\nSize: 4 kB\nKernelPageSize:       64 kB\n')).toBe(65536);
    expect(parsePageSize('Size: 4 kB\n')).toBeNull();
  });

  it('agrees with getconf PAGESIZE on this machine', () => {
    const getconf = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
    expect(readPageSize()).toBe(getconf);
  });

  it('falls back to 4096 without <root>/self/smaps', () => {
    const root = mkdtempSync(join(tmpdir(), 'triage-pagesize-'));
    try {
      expect(readPageSize(root)).toBe(DEFAULT_PAGE_SIZE);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
