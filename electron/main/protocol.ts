import { realpathSync } from 'node:fs';
import { readStaticFile } from '../../native-bridge/server/web/static-files.js';

// style-src allows inline <style>: xterm.js writes its cell and theme rules into <style> elements. Scripts stay strict.
export const ELECTRON_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; connect-src 'self'";

/** app://triage/<path> → the built renderer, through the same traversal-proof resolver as web mode. */
export function createAppProtocolHandler(rendererRoot: string): (request: Request) => Promise<Response> {
  const root = realpathSync(rendererRoot);
  return async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'triage' ? await readStaticFile(root, url.pathname) : null;
    const headers = { 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' };
    if (!file) return new Response('Not found', { status: 404, headers });
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
  };
}
