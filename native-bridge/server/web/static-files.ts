import { constants, promises as fs, type Stats } from 'node:fs';
import { basename, extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Precompressed siblings the build writes (scripts/build.mjs), best first: `app.js.br`, `app.js.gz`. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
export type ContentEncoding = (typeof ENCODINGS)[number]['name'];

/**
 * Vite names what it emits into assets/ by content hash (`index-Brz9YtAs.js`): such a file never changes
 * under its name, so a reload takes it from the cache without asking. Everything else (index.html, which
 * names the current hashes) is revalidated on every load.
 */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.map)?$/;
export const IMMUTABLE = 'private, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** The body's Content-Encoding; null for the file as it is. */
  encoding: ContentEncoding | null;
  cacheControl: string;
  /** Names this representation (file and encoding) at this size and modification time. */
  etag: string;
}

/** The encodings a request's Accept-Encoding allows, in our order of preference (q=0 refuses one). */
export function acceptedEncodings(header: string | string[] | undefined): ContentEncoding[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(token, weight === undefined ? 1 : Number(weight));
  }
  return ENCODINGS.map((e) => e.name).filter((name) => (q.get(name) ?? q.get('*') ?? 0) > 0);
}

/**
 * Resolves a URL path inside root, or null. Decoding happens once; anything that could step outside
 * (.., backslash, NUL, a symlink pointing out) is refused by comparing real paths with a trailing separator.
 * When the client accepts it and the build made one, the precompressed sibling is served instead, under
 * the same checks.
 */
export async function readStaticFile(realRoot: string, urlPath: string, acceptEncoding?: string | string[]): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const contentType = TYPES[extname(relative).toLowerCase()];
  if (!contentType) return null;
  const path = join(realRoot, relative);
  const plain = await readInside(realRoot, path);
  if (!plain) return null;
  const cacheControl = HASHED.test(relative) ? IMMUTABLE : REVALIDATE;
  const accepted = acceptedEncodings(acceptEncoding);
  for (const encoding of ENCODINGS) {
    if (!accepted.includes(encoding.name)) continue;
    // Only a sibling of the file itself (by its real path), and only one at least as new as it.
    const packed = await readInside(realRoot, `${plain.real}${encoding.suffix}`);
    if (packed && basename(packed.real) === basename(plain.real) + encoding.suffix && packed.stat.mtimeMs >= plain.stat.mtimeMs) {
      return { body: packed.body, contentType, encoding: encoding.name, cacheControl, etag: etagOf(packed.stat, encoding.name) };
    }
  }
  return { body: plain.body, contentType, encoding: null, cacheControl, etag: etagOf(plain.stat, 'identity') };
}

function etagOf(stat: Stats, encoding: string): string {
  return `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}-${encoding}"`;
}

/** A regular file whose real path is inside root, read whole; null for anything else. */
async function readInside(realRoot: string, path: string): Promise<{ real: string; body: Buffer; stat: Stats } | null> {
  let real: string;
  try {
    real = await fs.realpath(path);
  } catch {
    return null;
  }
  if (!real.startsWith(realRoot + sep)) return null;
  let handle: fs.FileHandle | undefined;
  try {
    // A FIFO or device would block a libuv worker in open(): refuse anything but a regular file first,
    // and open non-blocking in case it was swapped in between.
    if (!(await fs.lstat(real)).isFile()) return null;
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > 32 * 1024 * 1024) return null;
    return { real, body: await handle.readFile(), stat };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
