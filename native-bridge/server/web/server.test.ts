import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { contract } from '../../contract/index.js';
import type { Backend } from '../backend.js';
import { realBackend } from '../test-support/backend.js';
import { rawRequest } from '../test-support/raw-http.js';
import { COOKIE_NAME, startWebServer, type WebServer } from './server.js';

let server: WebServer;
let backend: Backend;
let root: string;
let token: string;
let cookie: string;
let origin: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'triage-web-'));
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Triage</title>');
  writeFileSync(join(ui, 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the root');
  symlinkSync(join(root, 'secret.txt'), join(ui, 'escape.js'));
  backend = realBackend();
  server = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: ui });
  token = new URL(server.url).searchParams.get('token')!;
  cookie = `${COOKIE_NAME}=${token}`;
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
    expect(setCookie).toBe(`${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`);
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
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('a one-time browser URL works once, then its token is dead', async () => {
    const once = new URL(server.oneTimeUrl());
    const first = await get(`/${once.search}`);
    expect(first.status).toBe(302);
    expect(String(first.headers['set-cookie'])).toContain(`${COOKIE_NAME}=${token}`);
    expect((await get(`/${once.search}`)).status).toBe(401);
  });

  it('a cookie from an earlier run (another token) is refused', async () => {
    const other = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: join(root, 'ui') });
    const otherToken = new URL(other.url).searchParams.get('token')!;
    await other.close();
    expect((await get('/', { Cookie: `${COOKIE_NAME}=${otherToken}` })).status).toBe(401);
    expect((await openSocket({ Cookie: `${COOKIE_NAME}=${otherToken}`, Origin: origin })).status).toBe(401);
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
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((m) => (m.error as { code?: string } | undefined)?.code === 'RATE_LIMITED')).toBe(true);
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

  it('a real file inside the root is served with its type', async () => {
    const res = await get('/app.js', { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only: not reachable on another address of this machine', async () => {
    expect(server.host).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) return; // no non-loopback address on this machine: nothing else to try
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
});
