import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ContractShape, Implementation } from '../../contract/define.js';
import { createDispatcher, type ServerPort } from '../dispatcher.js';
import { serveApiCall } from './api-route.js';
import { allowedHosts, allowedOrigins, bearerToken, cookieValue, hostIsAllowed, originVerdict } from './guards.js';
import { sendText, setSecurityHeaders } from './headers.js';
import { readStaticFile } from './static-files.js';
import { newToken, tokensEqual } from './token.js';
import { MAX_FRAME_BYTES, serveSocket } from './ws-connection.js';

export const COOKIE_NAME = 'triage_session';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface WebServerOptions<C extends ContractShape> {
  contract: C;
  implementation: Implementation<C>;
  rendererRoot: string;
  host?: string;
  port?: number;
  onError?: (error: unknown) => void;
}

export interface WebServer {
  port: number;
  host: string;
  /** The URL with the long-lived token: printed once for the user. */
  url: string;
  /** A URL whose token works once, for handing to a browser's command line where other users can see it. */
  oneTimeUrl(): string;
  close(): Promise<void>;
}

/**
 * Web mode: the same contract served to a browser on loopback. Every request must carry the secret
 * (token once in the URL, then an HttpOnly cookie, or a Bearer header for scripts), must name our exact
 * Host, and anything that acts must come from our exact Origin.
 */
export async function startWebServer<C extends ContractShape>(options: WebServerOptions<C>): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = newToken();
  const oneTimeTokens = new Set<string>();
  const dispatcher = createDispatcher(options.contract, options.implementation, { onInternalError: options.onError });
  const connect = (send: (message: unknown) => void) => dispatcher.connect({ send } as ServerPort);
  const rendererRoot = realpathSync(options.rendererRoot);
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let port = 0;

  const authenticated = (req: IncomingMessage): boolean =>
    tokensEqual(cookieValue(req, COOKIE_NAME), token) || tokensEqual(bearerToken(req), token);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, port);
    if (!hostIsAllowed(req, hosts)) return sendText(res, 403, 'Forbidden: unexpected Host.');
    const url = new URL(req.url ?? '/', 'http://triage.invalid');
    const queryTokens = url.searchParams.getAll('token');
    if (queryTokens.length > 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      const given = queryTokens.length === 1 ? queryTokens[0] : undefined;
      const oneTime = given !== undefined && oneTimeTokens.has(given);
      if (!oneTime && !tokensEqual(given, token)) return sendText(res, 401, 'Unauthorized.');
      if (oneTime) oneTimeTokens.delete(given);
      url.searchParams.delete('token');
      res.statusCode = 302;
      res.setHeader('Set-Cookie', `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', url.pathname + url.search);
      res.end();
      return;
    }
    if (!authenticated(req)) return sendText(res, 401, 'Unauthorized: open the URL Triage printed.');

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const origin = originVerdict(req, origins);
      if (origin === 'foreign' || (origin === 'absent' && !tokensEqual(bearerToken(req), token))) {
        return sendText(res, 403, 'Forbidden: cross-origin request.');
      }
      return serveApiCall(req, res, url.pathname.slice('/api/'.length), connect);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    const file = await readStaticFile(rendererRoot, url.pathname);
    if (!file) return sendText(res, 404, 'Not found.');
    res.statusCode = 200;
    res.setHeader('Content-Type', file.contentType);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  function refuseUpgrade(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req, socket, head) => {
    if (!hostIsAllowed(req, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    const origin = originVerdict(req, origins);
    // A browser always sends Origin; only a script holding the token in a header may omit it.
    if (origin === 'foreign' || (origin === 'absent' && !tokensEqual(bearerToken(req), token))) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!authenticated(req)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (new URL(req.url ?? '/', 'http://triage.invalid').pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, connect));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Web server has no TCP address');
  port = address.port;
  hosts = allowedHosts(host, port);
  origins = allowedOrigins(hosts);
  const shownHost = LOOPBACK.has(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    port,
    host,
    url: `http://${shownHost}:${port}/?token=${token}`,
    oneTimeUrl() {
      const once = newToken();
      oneTimeTokens.add(once);
      return `http://${shownHost}:${port}/?token=${once}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
