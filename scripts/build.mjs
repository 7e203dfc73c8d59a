// Builds everything the app runs from: the CLI/web backend (ESM), the Electron main and preload (CJS),
// and the renderer (Vite). `--if-stale` skips the work when dist/ is newer than every source file.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { buildSockDiag } from './build-sockdiag.mjs';
import { compressStatic } from './compress-static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const sources = Math.max(...['native-bridge', 'electron', 'renderer'].map((d) => newestMtime(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
  if (statSync(stamp).mtimeMs >= sources) process.exit(0);
}

/** Leaves every package import to Node at run time except the named packages (and their subpaths). */
function bundleOnly(names) {
  return {
    name: 'bundle-only',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        names.some((name) => args.path === name || args.path.startsWith(`${name}/`)) ? undefined : { path: args.path, external: true },
      );
    },
  };
}

/**
 * The CommonJS packages the backend loads with require() instead of import, and the names its code
 * imports from each (a name missing here fails the build with "No matching export"). Node's ES module
 * loader takes a CommonJS package through its CommonJS translator and export lexer: 0.6–1.6 MiB more
 * resident than require() in a process loading ws and better-sqlite3 (after a GC, the backend's V8 flags).
 */
const COMMONJS = { ws: ['WebSocketServer'], 'better-sqlite3': [], 'prom-client': ['Gauge', 'Registry'], 'node-pty': ['spawn'], systeminformation: [] };

/** Each COMMONJS package stays external, behind a virtual module that re-exports createRequire(…)(name). */
function requireCommonJs(packages) {
  // Package names hold no regular-expression characters other than '-' and '.', harmless here.
  const filter = new RegExp(`^(${Object.keys(packages).join('|')})$`);
  return {
    name: 'require-commonjs',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'require-commonjs' }));
      build.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => ({
        contents: [
          "import { createRequire } from 'node:module';",
          `const cjs = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
          'export default cjs;',
          ...packages[args.path].map((name) => `export const ${name} = cjs.${name};`),
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({
    ...common,
    entryPoints: { triage: 'native-bridge/cli/entry.ts', start: 'native-bridge/cli/start.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    // Each command is its own chunk, loaded when it runs: `triage --version` reads only the entry.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // node_modules stay where npm put them (node-pty is native), except zod: as ~100 ES modules it costs
    // every command ~40 ms more to resolve and load than as part of one chunk.
    plugins: [requireCommonJs(COMMONJS), bundleOnly(['zod'])],
    // Without comments and indentation: V8 keeps every module's source text for the life of the process
    // (~40 % smaller), and one non-ASCII character in a comment made a whole chunk a two-byte string.
    // Names stay, and the source maps point at the sources.
    minifyWhitespace: true,
  }),
  build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    packages: 'external',
    // CommonJS has no import.meta; code that finds files beside it (the sock_diag helper) asks import.meta.dirname.
    define: { 'import.meta.dirname': '__dirname' },
  }),
  // A sandboxed preload cannot require node_modules: bundle everything but electron itself.
  build({ ...common, entryPoints: { preload: 'electron/preload/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'], platform: 'browser' }),
  viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' }),
]);

buildSockDiag(root);
// The web server sends these as they are: compressed once here, never per request.
await compressStatic(join(root, 'dist', 'renderer'));

mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
