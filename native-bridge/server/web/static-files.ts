import { constants, promises as fs } from 'node:fs';
import { extname, join, sep } from 'node:path';

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

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Resolves a URL path inside root, or null. Decoding happens once; anything that could step outside
 * (.., backslash, NUL, a symlink pointing out) is refused by comparing real paths with a trailing separator.
 */
export async function readStaticFile(realRoot: string, urlPath: string): Promise<StaticFile | null> {
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
  let real: string;
  try {
    real = await fs.realpath(join(realRoot, relative));
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
    return { body: await handle.readFile(), contentType };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
