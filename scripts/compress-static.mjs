// Brotli and gzip siblings (`x.js.br`, `x.js.gz`) of the renderer's files, made once at build time so the
// web server sends them as they are (native-bridge/server/web/static-files.ts picks one by Accept-Encoding).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);
/** Below this a response fits one packet anyway. */
const MIN_BYTES = 256;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

/** Returns the total bytes before and after brotli, for the build's log. */
export async function compressStatic(dir) {
  const jobs = [];
  for await (const path of files(dir)) {
    jobs.push(
      (async () => {
        const body = await readFile(path);
        if (body.length < MIN_BYTES) return [0, 0];
        const [br, gzipped] = await Promise.all([
          brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          gz(body, { level: 9 }),
        ]);
        // A sibling that saves little is not worth a second lookup per request.
        if (br.length < body.length * 0.9) await writeFile(`${path}.br`, br);
        if (gzipped.length < body.length * 0.9) await writeFile(`${path}.gz`, gzipped);
        return [body.length, br.length];
      })(),
    );
  }
  const sizes = await Promise.all(jobs);
  return sizes.reduce(([a, b], [x, y]) => [a + x, b + y], [0, 0]);
}

// `node scripts/compress-static.mjs DIR` on its own, e.g. after a renderer-only build.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir || !(await stat(dir)).isDirectory()) throw new Error('usage: node scripts/compress-static.mjs DIR');
  await compressStatic(dir);
}
