import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, constants, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { contract } from '../../contract/index.js';
import type { Backend } from '../backend.js';
import { realBackend } from '../../../test-support/real-backend.js';
import { rawRequest } from '../test-support/raw-http.js';
import { until } from '../../../test-support/until.js';
import { ONE_TIME_TTL_MS } from './sessions.js';
import { cookieName, startWebServer, type WebServer } from './server.js';

let server: WebServer;
let backend: Backend;
let root: string;
let token: string;
let cookie: string;
let origin: string;
let COOKIE_NAME: string;
const notices: string[] = [];

/** The session cookie a redemption of `search` (e.g. "?token=…") sets, as "name=value". */
async function redeemCookie(search: string): Promise<string> {
  const res = await get(`/${search}`);
  expect(res.status).toBe(302);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'triage-web-'));
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Triage</title>');
  writeFileSync(join(ui, 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the root');
  symlinkSync(join(root, 'secret.txt'), join(ui, 'escape.js'));
  backend = realBackend();
  server = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: ui, onNotice: (m) => notices.push(m) });
  token = new URL(server.url).searchParams.get('token')!;
  COOKIE_NAME = cookieName(server.port);
  cookie = await redeemCookie(`?token=${token}`);
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  backend.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } },
        (res) => {
          let data = '';
          res.on('data', (c: Buffer) => (data += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

function openSocket(headers: Record<string, string>, host = `127.0.0.1:${server.port}`) {
  return new Promise<{ ws: WebSocket | null; status: number }>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { Host: host, ...headers } });
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws: null, status: -1 }));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

describe('web mode: token and session', () => {
  it('token is 256 bits of URL-safe randomness and printed only in the URL', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it.each([
    ['no token', '/'],
    ['wrong token', '/?token=wrong-token-value-0123456789'],
    ['empty token', '/?token='],
    ['repeated token', `/?token=${'x'}&token=${'y'}`],
  ])('%s → 401 without a cookie or stack trace', async (_name, path) => {
    const res = await get(path);
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).not.toMatch(/at .*\.ts|Error:/);
  });

  it('a repeated valid token is refused too (ambiguous)', async () => {
    const res = await get(`/?token=${token}&token=${token}`);
    expect(res.status).toBe(401);
  });

  it('valid ?token= redirects to the same path without it and sets a strict HttpOnly cookie', async () => {
    const res = await get(`/index.html?token=${token}&view=dash`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/index.html?view=dash');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${COOKIE_NAME}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
    // The cookie is a session id of its own, never the token that reaches everything.
    expect(setCookie).not.toContain(token);
    expect(setCookie).not.toMatch(/Domain/i);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the cookie opens the page, with CSP and no CORS headers', async () => {
    const res = await get('/', { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Triage</title>');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The page itself is revalidated on every load (it names the current asset hashes); never immutable.
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('a one-time browser URL works once; the second redemption is refused and logged', async () => {
    const once = new URL(server.oneTimeUrl());
    const first = await get(`/${once.search}`);
    expect(first.status).toBe(302);
    const sessionCookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(sessionCookie).not.toContain(token);
    expect(sessionCookie).not.toContain(once.searchParams.get('token'));
    expect((await get('/', { Cookie: sessionCookie })).status).toBe(200);
    const before = notices.length;
    const second = await get(`/${once.search}`);
    expect(second.status).toBe(401);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(notices.slice(before)).toEqual([expect.stringMatching(/opened a second time and refused/)]);
  });

  it('a one-time token expires within seconds, unused', async () => {
    let clock = 1_000_000;
    const timed = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui'), now: () => clock });
    try {
      const fresh = new URL(timed.oneTimeUrl());
      const stale = new URL(timed.oneTimeUrl());
      clock += ONE_TIME_TTL_MS - 1;
      const call = (search: string) => rawRequest(timed.port, `GET /${search} HTTP/1.1\r\nHost: 127.0.0.1:${timed.port}\r\n\r\n`);
      expect((await call(fresh.search)).status).toBe(302);
      clock += 2;
      expect(ONE_TIME_TTL_MS).toBeLessThanOrEqual(30_000);
      expect((await call(stale.search)).status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('cookie tossing: a second cookie of our name set by another local port does not lock the user out', async () => {
    expect(COOKIE_NAME).toBe(`triage_session_${server.port}`);
    const value = cookie.slice(COOKIE_NAME.length + 1);
    for (const header of [`${COOKIE_NAME}=tossed-by-another-port; ${cookie}`, `${cookie}; ${COOKIE_NAME}=tossed-by-another-port`]) {
      expect((await get('/', { Cookie: header })).status).toBe(200);
      const { ws } = await openSocket({ Cookie: header, Origin: origin });
      expect(ws).not.toBeNull();
      ws?.close();
    }
    // Two wrong values still get nothing, and neither does the master token put in the cookie.
    expect((await get('/', { Cookie: `${COOKIE_NAME}=a; ${COOKIE_NAME}=b` })).status).toBe(401);
    expect((await get('/', { Cookie: `${COOKIE_NAME}=${token}` })).status).toBe(401);
    expect(value).not.toBe(token);
  });

  it('open redirect: /.//evil.example/?token= stays on this server', async () => {
    const res = await rawRequest(server.port, `GET /.//evil.example/?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')?.[0] ?? '';
    expect(location).toBe('/evil.example/');
    expect(location.startsWith('//')).toBe(false);
  });

  it('a cookie from an earlier run (another token) is refused', async () => {
    const other = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui') });
    const otherToken = new URL(other.url).searchParams.get('token')!;
    await other.close();
    const otherCookie = `${COOKIE_NAME}=${otherToken}`;
    expect((await get('/', { Cookie: otherCookie })).status).toBe(401);
    expect((await openSocket({ Cookie: otherCookie, Origin: origin })).status).toBe(401);
  });
});

describe('Host checks (DNS rebinding)', () => {
  const foreignHosts = ['evil.example', 'localhost.evil.com', '127.0.0.1.nip.io', '127.0.0.1:1', '127.0.0.1'];
  it.each(foreignHosts)('Host %s → 403 on pages, even with the cookie', async (host) => {
    const res = await get('/', { Cookie: cookie, Host: host });
    expect(res.status).toBe(403);
  });

  it.each(foreignHosts)('Host %s → WebSocket refused', async (host) => {
    expect((await openSocket({ Cookie: cookie, Origin: origin }, host)).status).toBe(403);
  });

  it('two Host headers → 403', async () => {
    const res = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nHost: evil.example\r\nCookie: ${cookie}\r\n\r\n`);
    expect([400, 403]).toContain(res.status);
  });

  it('absolute-form request line → 403', async () => {
    const res = await rawRequest(
      server.port,
      `GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\n\r\n`,
    );
    expect(res.status).toBe(403);
  });

  it('localhost:PORT is accepted as our own name', async () => {
    expect((await get('/', { Cookie: cookie, Host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe('Origin, forgery and content type on the API', () => {
  const body = JSON.stringify({});
  const json = { 'Content-Type': 'application/json' };
  it('same-origin POST with the cookie works', async () => {
    const res = await get('/api/app.info', { Cookie: cookie, Origin: origin, ...json }, 'POST', body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'Triage', mode: 'web' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', `http://127.0.0.1:${0}`, 'PORT.evil'])(
    'POST with the cookie and Origin %s → 403',
    async (bad) => {
      const foreign = bad === 'PORT.evil' ? `http://127.0.0.1:${server.port}.evil.com` : bad;
      const res = await get('/api/app.info', { Cookie: cookie, Origin: foreign, ...json }, 'POST', body);
      expect(res.status).toBe(403);
    },
  );

  it('POST without Origin needs the token in a header', async () => {
    expect((await get('/api/app.info', { Cookie: cookie, ...json }, 'POST', body)).status).toBe(403);
    const res = await get('/api/app.info', { Authorization: `Bearer ${token}`, ...json }, 'POST', body);
    expect(res.status).toBe(200);
  });

  it('text/plain body → 415', async () => {
    const res = await get('/api/app.info', { Cookie: cookie, Origin: origin, 'Content-Type': 'text/plain' }, 'POST', body);
    expect(res.status).toBe(415);
  });

  it('unknown and prototype method names → 404 "unknown method"', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await get(`/api/${name}`, { Cookie: cookie, Origin: origin, ...json }, 'POST', body);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'UNKNOWN_METHOD' });
    }
  });

  it('a __proto__ payload is refused by the schema and pollutes nothing', async () => {
    const res = await get('/api/system.setInterval', { Cookie: cookie, Origin: origin, ...json }, 'POST', '{"__proto__":{"polluted":1},"intervalMs":1000,"x":1}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('other methods → 405', async () => {
    expect((await get('/', { Cookie: cookie }, 'DELETE')).status).toBe(405);
  });
});

describe('WebSocket', () => {
  it.each([
    ['foreign origin', 'http://evil.example'],
    ['null origin', 'null'],
    ['IP-literal foreign origin', 'http://10.0.0.1:8080'],
    ['another local port', 'http://127.0.0.1:1'],
    ['suffix trick', `http://127.0.0.1:PORT.evil.com`],
  ])('upgrade with a valid cookie but %s → refused', async (_name, bad) => {
    const res = await openSocket({ Cookie: cookie, Origin: bad.replace('PORT', String(server.port)) });
    expect(res.status).toBe(403);
  });

  it('upgrade without cookie or token → refused', async () => {
    expect((await openSocket({ Origin: origin })).status).toBe(401);
  });

  it('upgrade without Origin needs the token header', async () => {
    expect((await openSocket({ Cookie: cookie })).status).toBe(403);
    const { ws } = await openSocket({ Authorization: `Bearer ${token}` });
    expect(ws).not.toBeNull();
    ws?.close();
  });

  it('serves calls; malformed, binary, unknown and prototype names get clear errors and it keeps serving', async () => {
    const { ws } = await openSocket({ Cookie: cookie, Origin: origin });
    expect(ws).not.toBeNull();
    const socket = ws!;
    socket.send('{not json');
    expect(await nextMessage(socket)).toMatchObject({ type: 'error', error: { code: 'BAD_MESSAGE' } });
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await nextMessage(socket)).toMatchObject({ type: 'error', error: { code: 'BAD_MESSAGE' } });
    socket.send(JSON.stringify({ type: 'call', id: 7, method: 'x' }));
    expect(await nextMessage(socket)).toMatchObject({ type: 'error', id: 7 });
    for (const name of ['constructor', '__proto__', 'toString', 'nope.nope']) {
      socket.send(JSON.stringify({ type: 'call', id: 8, method: name, input: {} }));
      expect(await nextMessage(socket)).toMatchObject({ id: 8, ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    socket.send('{"type":"call","id":9,"method":"system.setInterval","input":{"__proto__":{"polluted":true},"intervalMs":1000}}');
    expect(await nextMessage(socket)).toMatchObject({ id: 9, ok: false, error: { code: 'INVALID_INPUT' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    socket.send(JSON.stringify({ type: 'call', id: 10, method: 'app.info', input: {} }));
    expect(await nextMessage(socket)).toMatchObject({ id: 10, ok: true, value: { name: 'Triage' } });
    socket.close();
  });

  it('an oversize frame closes that socket with 1009 and the server keeps serving', async () => {
    const { ws } = await openSocket({ Cookie: cookie, Origin: origin });
    const code = await new Promise<number>((resolve) => {
      ws!.once('close', (c) => resolve(c));
      ws!.send('x'.repeat(2 * 1024 * 1024));
    });
    expect(code).toBe(1009);
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
  });

  it('a flood of 10k messages is rate limited and the server still answers', async () => {
    const { ws } = await openSocket({ Cookie: cookie, Origin: origin });
    const socket = ws!;
    const seen: Record<string, unknown>[] = [];
    socket.on('message', (d) => seen.push(JSON.parse(d.toString()) as Record<string, unknown>));
    const flood = JSON.stringify({ type: 'unsubscribe', id: 1 });
    for (let i = 0; i < 10_000; i++) socket.send(flood);
    // Polled, not slept on: a loaded machine may take more than a moment to read 10k frames and answer.
    await until(() => seen.some((m) => (m.error as { code?: string } | undefined)?.code === 'RATE_LIMITED'), 'a RATE_LIMITED answer to the flood', 20_000);
    const res = await get('/api/app.info', { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' }, 'POST', '{}');
    expect(res.status).toBe(200);
    socket.close();
  });
});

describe('static files', () => {
  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%5csecret.txt',
    '/app.js%00.html',
    '/escape.js',
    '/nope.js',
  ])('%s → 404', async (path) => {
    const res = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\n\r\n`);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('outside the root');
  });

  it('a FIFO inside the root is refused at once; requests for it never tie up the file-system workers', async () => {
    const fifo = join(root, 'ui', 'pipe.js');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    try {
      // More requests than libuv has workers (4 by default): before the fix each one blocked in open().
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => rawRequest(server.port, `GET /pipe.js HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\n\r\n`)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(404));
      expect((await get('/app.js', { Cookie: cookie })).status).toBe(200);
    } finally {
      // Release any reader stuck on the FIFO, so a failure here cannot hang the rest of the run.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader: nothing was stuck
      }
      rmSync(fifo);
    }
  }, 20_000);

  it('a real file inside the root is served with its type', async () => {
    const res = await get('/app.js', { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
  });
});

describe('precompressed files and cache headers', () => {
  const script = `${'console.log("triage");\n'.repeat(400)}`;
  const asset = '/assets/app-AbCd_-12.js';
  let ui: string;

  /** A GET whose body is kept as bytes (compressed bodies are not text). */
  function fetchRaw(path: string, headers: Record<string, string>) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(() => {
    ui = join(root, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    // What scripts/compress-static.mjs writes beside each file, made here with the same zlib.
    writeFileSync(join(ui, 'assets', 'app-AbCd_-12.js'), script);
    writeFileSync(join(ui, 'assets', 'app-AbCd_-12.js.br'), brotliCompressSync(script));
    writeFileSync(join(ui, 'assets', 'app-AbCd_-12.js.gz'), gzipSync(script));
  });

  it('Accept-Encoding picks brotli, else gzip, else the file as it is; every answer says Vary', async () => {
    const br = await fetchRaw(asset, { Cookie: cookie, 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(script.length / 10);

    const gz = await fetchRaw(asset, { Cookie: cookie, 'Accept-Encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await fetchRaw(asset, { Cookie: cookie });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    for (const res of [br, gz, plain]) {
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    // Each representation has its own validator.
    expect(new Set([br, gz, plain].map((r) => r.headers.etag)).size).toBe(3);
  });

  it('hashed assets are immutable; index.html is revalidated and answers 304 to its ETag', async () => {
    const res = await fetchRaw(asset, { Cookie: cookie, 'Accept-Encoding': 'br' });
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const unhashed = await fetchRaw('/app.js', { Cookie: cookie });
    expect(unhashed.headers['cache-control']).toBe('no-cache');

    const page = await fetchRaw('/', { Cookie: cookie });
    expect(page.headers['cache-control']).toBe('no-cache');
    const again = await fetchRaw('/', { Cookie: cookie, 'If-None-Match': String(page.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['cache-control']).toBe('no-cache');
  });

  it('the token, Host and path checks still come first: nothing cacheable or compressed leaks to a refused request', async () => {
    const anonymous = await fetchRaw(asset, { 'Accept-Encoding': 'br' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-encoding']).toBeUndefined();
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect(anonymous.body.toString()).not.toContain('triage');
    // Even a revalidation of a known ETag needs the cookie.
    const etag = String((await fetchRaw('/', { Cookie: cookie })).headers.etag);
    expect((await fetchRaw('/', { 'If-None-Match': etag })).status).toBe(401);

    const rebinding = await rawRequest(server.port, `GET ${asset} HTTP/1.1\r\nHost: evil.example:${server.port}\r\nCookie: ${cookie}\r\nAccept-Encoding: br\r\n\r\n`);
    expect(rebinding.status).toBe(403);
    // The compressed files are never addressable themselves.
    expect((await fetchRaw(`${asset}.br`, { Cookie: cookie })).status).toBe(404);
  });

  it('a sibling older than its file, or one leading out of the root, is not served', async () => {
    writeFileSync(join(ui, 'assets', 'old-AbCd_-12.js'), script);
    writeFileSync(join(ui, 'assets', 'old-AbCd_-12.js.br'), brotliCompressSync('stale'));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(ui, 'assets', 'old-AbCd_-12.js.br'), past, past);
    const stale = await fetchRaw('/assets/old-AbCd_-12.js', { Cookie: cookie, 'Accept-Encoding': 'br' });
    expect(stale.headers['content-encoding']).toBeUndefined();
    expect(stale.body.toString()).toBe(script);

    writeFileSync(join(root, 'outside.gz'), gzipSync('outside the root'));
    writeFileSync(join(ui, 'assets', 'out-AbCd_-12.js'), script);
    symlinkSync(join(root, 'outside.gz'), join(ui, 'assets', 'out-AbCd_-12.js.gz'));
    const out = await fetchRaw('/assets/out-AbCd_-12.js', { Cookie: cookie, 'Accept-Encoding': 'gzip' });
    expect(out.headers['content-encoding']).toBeUndefined();
    expect(out.body.toString()).toBe(script);
  });
});

describe('descriptor exhaustion without the token', () => {
  function openIdle(port: number, count: number): Promise<{ sockets: Socket[]; closed: () => number }> {
    let closed = 0;
    return Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
            socket.on('error', reject);
            socket.on('close', () => (closed += 1));
          }),
      ),
    ).then((sockets) => ({ sockets, closed: () => closed }));
  }

  it('many idle connections from one peer: the oldest are dropped and the authenticated client is still served', async () => {
    const { sockets, closed } = await openIdle(server.port, 400);
    try {
      const res = await get('/api/app.info', { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' }, 'POST', '{}');
      expect(res.status).toBe(200);
      // Only 64 unauthenticated connections per peer may stay open.
      await until(() => closed() >= 400 - 64, 'the server to drop idle connections beyond the per-peer limit', 20_000);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  }, 30_000);

  it('an idle connection that never shows the token is closed after the pending timeout', async () => {
    const short = await startWebServer({
      contract,
      implementation: backend.implementation,
      rendererRoot: join(root, 'ui'),
      connectionLimits: { pendingTimeoutMs: 300 },
    });
    try {
      const { sockets, closed } = await openIdle(short.port, 3);
      await until(() => closed() === 3, 'idle connections to be closed', 20_000);
      for (const socket of sockets) socket.destroy();
    } finally {
      await short.close();
    }
  }, 30_000);

  it('caps connections below the descriptor limit', async () => {
    const { defaultLimits, openFileLimit } = await import('./connection-guard.js');
    expect(openFileLimit('Max open files            20000                20000                files\n')).toBe(20000);
    expect(defaultLimits(1024).maxConnections).toBe(256);
    expect(defaultLimits(1_048_576).maxConnections).toBe(2048);
  });
});

describe('binding', () => {
  it('binds the loopback address it was asked for', () => {
    expect(server.host).toBe('127.0.0.1');
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.skipIf(external === undefined)('listens on 127.0.0.1 only: not reachable on another address of this machine', async (ctx) => {
    if (!external) return ctx.skip('this machine has no non-loopback IPv4 address to try');
    const refused = await new Promise<boolean>((resolve) => {
      const req = request({ host: external, port: server.port, path: '/' }, () => resolve(false));
      req.on('error', () => resolve(true));
      req.end();
    });
    expect(refused).toBe(true);
  });

  it('a port in use makes start fail instead of moving elsewhere', async () => {
    await expect(
      startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui'), port: server.port }),
    ).rejects.toThrow(/EADDRINUSE/);
  });

  it('its usual port taken, `triage web` moves to a free one and serves there with its own port in the checks', async () => {
    const other = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui'), port: server.port, anyPortIfTaken: true });
    try {
      expect(other.port).not.toBe(server.port);
      expect(other.port).toBeGreaterThan(0);
      expect(other.url).toContain(`http://127.0.0.1:${other.port}/?token=`);
      const res = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: other.port, path: '/', headers: { Host: `127.0.0.1:${other.port}`, Authorization: `Bearer ${new URL(other.url).searchParams.get('token')}` } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(res).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('with the usual port free, `triage web` takes it', async () => {
    // A port known to be free this instant: one the kernel just handed out and released.
    const probe = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui') });
    const free = probe.port;
    await probe.close();
    const again = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui'), port: free, anyPortIfTaken: true });
    try {
      expect(again.port).toBe(free);
    } finally {
      await again.close();
    }
  });
});
