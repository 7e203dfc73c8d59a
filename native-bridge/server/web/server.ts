import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ContractShape, Implementation } from '../../contract/define.js';
import { createDispatcher, type ServerPort } from '../dispatcher.js';
import { serveApiCall } from './api-route.js';
import { defaultLimits, guardConnections, type ConnectionLimits } from './connection-guard.js';
import { allowedHosts, allowedOrigins, bearerToken, cookieValues, hostIsAllowed, originVerdict } from './guards.js';
import { sendText, setSecurityHeaders } from './headers.js';
import { readStaticFile, type StaticFile } from './static-files.js';
import { createSessionStore, type SessionStore } from './sessions.js';
import { newToken, tokensEqual } from './token.js';
import { MAX_FRAME_BYTES, serveSocket } from './ws-connection.js';

/**
 * The session cookie's name carries the port: cookies ignore ports, so a page on another local port could
 * otherwise set (toss) a cookie of our name and shadow ours.
 */
export const cookieName = (port: number): string => `triage_session_${port}`;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface WebServerOptions<C extends ContractShape> {
  contract: C;
  implementation: Implementation<C>;
  rendererRoot: string;
  host?: string;
  port?: number;
  /**
   * When `port` is taken, listen on any free port instead of failing. `triage web` asks for its usual port
   * this way: the same origin at every start lets the browser reuse the files it cached last time.
   */
  anyPortIfTaken?: boolean;
  onError?: (error: unknown) => void;
  /** Security events worth the user's eye (a one-time token presented twice); never contains a secret. */
  onNotice?: (message: string) => void;
  /** Clock for one-time token expiry (tests move it). */
  now?: () => number;
  connectionLimits?: Partial<ConnectionLimits>;
}

export interface WebServer {
  port: number;
  host: string;
  /** The URL with the long-lived token: printed once for the user. */
  url: string;
  /**
   * A URL whose token works once and only within seconds, for the launcher page Triage writes for the
   * browser it starts (never for a command line: other users can read argv).
   */
  oneTimeUrl(): string;
  close(): Promise<void>;
}

/** ?token=: the long-lived token (printed for the user) or a live one-time one. */
function redeem(given: string | undefined, token: string, sessions: SessionStore, notice: (message: string) => void): boolean {
  if (given === undefined) return false;
  if (tokensEqual(given, token)) return true;
  const verdict = sessions.redeemOneTime(given);
  if (verdict.ok) return true;
  if (verdict.reason === 'used') {
    notice('A one-time browser link was opened a second time and refused: someone else may have seen it. Open the URL Triage printed.');
  } else if (verdict.reason === 'expired') {
    notice('An expired one-time browser link was refused (they work for 30 seconds). Open the URL Triage printed.');
  }
  return false;
}

function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  // Only a static file that was served may be cached; errors and the API keep no-store.
  res.setHeader('Cache-Control', file.cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', file.etag);
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === file.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', file.contentType);
  if (file.encoding) res.setHeader('Content-Encoding', file.encoding);
  res.setHeader('Content-Length', file.body.length);
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** A browser always sends Origin; only a script holding the token in a header may omit it. */
function crossOrigin(req: IncomingMessage, origins: Set<string>, token: string): boolean {
  const origin = originVerdict(req, origins);
  return origin === 'foreign' || (origin === 'absent' && !tokensEqual(bearerToken(req), token));
}

/** The token traded for a session cookie: back to the same URL without it. */
function redirectWithSession(res: ServerResponse, url: URL, cookie: string): void {
  url.searchParams.delete('token');
  res.statusCode = 302;
  res.setHeader('Set-Cookie', cookie);
  // Only ever a path on this server: "//evil.example/" (from "/.//evil.example/") would leave it.
  res.setHeader('Location', url.pathname.replace(/\/{2,}/g, '/') + url.search);
  res.end();
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Listens on `port` (0: any free one; a free one too if `port` is taken and `anyIfTaken`) and returns the port it got. */
async function listen(server: Server, port: number, host: string, anyIfTaken = false): Promise<number> {
  const attempt = (wanted: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await attempt(port);
  } catch (error) {
    if (!anyIfTaken || port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await attempt(0);
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Web server has no TCP address');
  return address.port;
}

/**
 * Web mode: the same contract served to a browser on loopback. Every request must carry the secret
 * (token once in the URL, then an HttpOnly cookie, or a Bearer header for scripts), must name our exact
 * Host, and anything that acts must come from our exact Origin.
 */
export async function startWebServer<C extends ContractShape>(options: WebServerOptions<C>): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = newToken();
  const sessions = createSessionStore(options.now);
  const notice = options.onNotice ?? (() => undefined);
  const dispatcher = createDispatcher(options.contract, options.implementation, { onInternalError: options.onError });
  const connect = (send: (message: unknown) => void) => dispatcher.connect({ send } as ServerPort);
  const rendererRoot = realpathSync(options.rendererRoot);
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let port = 0;

  // The cookie holds a session id, never the token; any one valid value among several same-named cookies counts.
  const authenticated = (req: IncomingMessage): boolean =>
    cookieValues(req, cookieName(port)).some((id) => sessions.isSession(id)) || tokensEqual(bearerToken(req), token);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, port);
    if (!hostIsAllowed(req, hosts)) return sendText(res, 403, 'Forbidden: unexpected Host.');
    const url = new URL(req.url ?? '/', 'http://triage.invalid');
    const queryTokens = url.searchParams.getAll('token');
    if (queryTokens.length > 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!redeem(queryTokens.length === 1 ? queryTokens[0] : undefined, token, sessions, notice)) return sendText(res, 401, 'Unauthorized.');
      guard.trust(req.socket);
      return redirectWithSession(res, url, `${cookieName(port)}=${sessions.openSession()}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (!authenticated(req)) return sendText(res, 401, 'Unauthorized: open the URL Triage printed.');
    guard.trust(req.socket);

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (crossOrigin(req, origins, token)) return sendText(res, 403, 'Forbidden: cross-origin request.');
      return serveApiCall(req, res, url.pathname.slice('/api/'.length), connect);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    const file = await readStaticFile(rendererRoot, url.pathname, req.headers['accept-encoding']);
    if (!file) return sendText(res, 404, 'Not found.');
    sendStaticFile(req, res, file);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const guard = guardConnections(server, { ...defaultLimits(), ...options.connectionLimits });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    if (!hostIsAllowed(req, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (crossOrigin(req, origins, token)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!authenticated(req)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (new URL(req.url ?? '/', 'http://triage.invalid').pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    guard.trust(req.socket);
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, connect));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  port = await listen(server, options.port ?? 0, host, options.anyPortIfTaken);
  hosts = allowedHosts(host, port);
  origins = allowedOrigins(hosts);
  const shownHost = LOOPBACK.has(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    port,
    host,
    url: `http://${shownHost}:${port}/?token=${token}`,
    oneTimeUrl() {
      return `http://${shownHost}:${port}/?token=${sessions.issueOneTime()}`;
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
