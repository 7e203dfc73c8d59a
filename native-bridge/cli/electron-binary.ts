import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Electron binary would be, without importing the `electron` package: its index.js downloads
 * the binary on first use, which must never happen on a machine without internet.
 */
export function findElectronBinary(repoRoot: string): string | null {
  const dir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '' || relative.includes('..')) return null;
  const binary = join(dir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}
