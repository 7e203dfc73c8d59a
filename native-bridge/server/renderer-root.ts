import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TriageError } from '../contract/errors.js';

/**
 * Where the built UI lives: dist/renderer next to the bundle (dist/cli) or, when run from source,
 * in the repository's dist/. Found by walking up, so both layouts work.
 */
export function rendererRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    // dist/ first: from source, the walk passes the repository's renderer/ sources, which are not servable.
    for (const candidate of [join(dir, 'dist', 'renderer', 'index.html'), join(dir, 'renderer', 'index.html')]) {
      if (existsSync(candidate)) return dirname(candidate);
    }
    dir = dirname(dir);
  }
  throw new TriageError('NOT_FOUND', 'The Triage UI is not built yet: run `npm run build` first.');
}
