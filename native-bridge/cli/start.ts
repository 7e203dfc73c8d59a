// First, before anything else is built: `npm start` without Electron's binary runs the web backend in this
// process, so it takes the same V8 footprint as `triage web` (v8-footprint.ts says why).
import '../server/v8-footprint.js';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';
import { main } from './main.js';

// `npm start`: the desktop app where Electron's binary exists, web mode (said in one line) where not.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const electron = findElectronBinary(repoRoot);

if (electron) {
  const child = spawn(electron, [join(repoRoot, 'dist', 'electron', 'main.cjs')], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stderr.write(
    'Electron binary not installed (fetch it with `node node_modules/electron/install.js` where internet is available); starting web mode instead.\n',
  );
  main(['web', ...process.argv.slice(2)]).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`triage: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
