#!/usr/bin/env node
// The `triage` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/triage.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('triage: not built yet; run `npm run build` in the Triage folder first.\n');
  process.exit(1);
}
await import(entry);
