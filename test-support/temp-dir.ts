import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Temp dirs that live for one test: the returned function makes one (the prefix names the test file), and every
 * dir it made is removed after that test. Call it at a file's top level before the file's own afterEach: vitest
 * runs after-hooks last registered first, so children holding files in the dir are killed before it goes.
 */
export function perTestTempDir(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
