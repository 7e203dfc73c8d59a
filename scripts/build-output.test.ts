// What the build must leave true of the backend bundle (npm test builds before it runs vitest).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const cli = new URL('../dist/cli', import.meta.url).pathname;

function bundleFiles(): string[] {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  return [...readdirSync(cli).filter((f) => f.endsWith('.js')), ...readdirSync(join(cli, 'chunks')).map((f) => join('chunks', f))].filter((f) => f.endsWith('.js'));
}

/** Every import in the bundle's files as esbuild reads them: [file, specifier, kind]. */
async function importsOf(files: string[]): Promise<[string, string, string][]> {
  const result = await build({
    absWorkingDir: cli,
    entryPoints: files,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    logLevel: 'silent',
    plugins: [{ name: 'all-external', setup: (b) => b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true })) }],
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) => input.imports.map((i): [string, string, string] => [file, i.path, i.kind]));
}

describe('the backend bundle (dist/cli)', () => {
  it('hands Node no package to import as an ES module: CommonJS packages are loaded with require()', async () => {
    // Through Node's ES module loader a CommonJS package costs the backend more resident memory (the
    // CommonJS translator and export lexer); see COMMONJS in scripts/build.mjs.
    const imports = await importsOf(bundleFiles());
    const packages = imports.filter(([, path]) => !path.startsWith('node:') && !path.startsWith('.'));
    expect(packages.map(([file, path, kind]) => `${file}: ${kind} ${path}`)).toEqual([]);
    // The bundle does import (the check reads it), and loads the packages through createRequire.
    expect(imports.filter(([, path]) => path === 'node:module').length).toBeGreaterThanOrEqual(5);
  });

  it('sets V8\'s footprint flags in both entries that can run the web backend (`triage`, and `npm start` without Electron)', async () => {
    const flags = (file: string) => readFileSync(join(cli, file), 'utf8').includes('setFlagsFromString("--no-opt")');
    for (const entry of ['triage.js', 'start.js']) {
      const statics = (await importsOf([entry])).filter(([, path, kind]) => kind === 'import-statement' && path.startsWith('./'));
      expect(flags(entry) || statics.some(([, path]) => flags(path)), entry).toBe(true);
    }
  });
});
