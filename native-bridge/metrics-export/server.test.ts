import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realBackend } from '../../test-support/real-backend.js';
import type { Backend } from '../server/backend.js';
import { sourcesFromImplementation } from './feeds.js';
import { startMetricsExporter, type MetricsExporter } from './server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch: fetch cannot send a chosen Host header. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TOKEN = 'c0rrect-horse-battery-staple-42';
const dir = mkdtempSync(join(tmpdir(), 'triage-metrics-'));

function tokenFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

/**
 * Polls /metrics until the first sample is in (the feed's first tick is asynchronous), or until the body
 * satisfies `ready` (the process table arrives on its own feed, a little after the first system sample).
 */
async function scrape(url: string, headers: Record<string, string> = {}, ready = (_body: string) => true): Promise<Answer> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await get(url, headers);
    if ((answer.status !== 503 && (answer.status !== 200 || ready(answer.body))) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let backend: Backend;
const started: MetricsExporter[] = [];
async function start(options: Omit<Parameters<typeof startMetricsExporter>[0], 'sources'>): Promise<MetricsExporter> {
  const exporter = await startMetricsExporter({ ...options, sources: sourcesFromImplementation(backend.implementation) });
  started.push(exporter);
  return exporter;
}

beforeAll(() => {
  backend = realBackend();
});
afterAll(async () => {
  await Promise.all(started.map((e) => e.close()));
  backend.close();
});

describe('metrics exporter on loopback', () => {
  it('serves OpenMetrics on /metrics with the figures of this machine, and nothing elsewhere', async () => {
    const { url } = await start({ address: '127.0.0.1:0' });
    const answer = await scrape(url, {}, (body) => body.includes('triage_process_resident_memory_bytes{'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const memTotal = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    expect(answer.body).toContain(`\ntriage_memory_total_bytes ${memTotal}\n`);
    expect(answer.body).toMatch(/^triage_process_resident_memory_bytes\{name="[^"]+",pid="\d+"\} \d+$/m);
    expect((await get(url.replace('/metrics', '/'))).status).toBe(404);
    expect((await get(url.replace('/metrics', '/metrics/x'))).status).toBe(404);
    expect((await get(url, {}, 'POST')).status).toBe(405);
  });

  it('without a token, a request addressed to another name (DNS rebinding) gets 403', async () => {
    const { url } = await start({ address: '127.0.0.1:0' });
    const port = new URL(url).port;
    expect((await get(url, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(url, { Host: `127.0.0.1.nip.io:${port}` })).status).toBe(403);
    expect((await scrape(url, { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('with a token file: 401 without the token or with a wrong one, 200 with it', async () => {
    const { url } = await start({ address: '127.0.0.1:0', tokenFile: tokenFile('loopback-token', `${TOKEN}\n`, 0o600) });
    const none = await get(url);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(none.body).not.toContain('triage_');
    expect((await get(url, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await get(url, { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` })).status).toBe(401);
    expect((await get(url, { Authorization: 'Bearer ' })).status).toBe(401);
    expect((await scrape(url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    // The token answers for every path alike: without it, not even whether a path exists.
    expect((await get(url.replace('/metrics', '/secret'))).status).toBe(401);
  });

  it('the labels of a busy process are its name and pid, never its command line', async () => {
    const child = spawn(process.execPath, ['-e', 'for(;;){}', '--', '--password=hunter2-secret'], { stdio: 'ignore' });
    try {
      const { url } = await start({ address: '127.0.0.1:0', top: 10 });
      const { body } = await scrape(url, {}, (text) => text.includes(`pid="${child.pid}"`));
      expect(body).toMatch(new RegExp(`^triage_process_cpu_cores\\{name="node",pid="${child.pid}"\\} `, 'm'));
      expect(body).not.toContain('hunter2');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('metrics exporter beyond loopback', () => {
  it('refuses to start without a token file, in a sentence naming the option', async () => {
    await expect(start({ address: '0.0.0.0:0' })).rejects.toThrow(
      /Serving metrics on 0\.0\.0\.0:0 lets other machines read .* only with a bearer token: give --metrics-token-file FILE/,
    );
    await expect(start({ address: '[::]:0', tokenFileOption: '--token-file' })).rejects.toThrow(/give --token-file FILE/);
  });

  it('refuses a token file every user can read, a short token and a missing file', async () => {
    const open = tokenFile('open-token', TOKEN, 0o644);
    await expect(start({ address: '0.0.0.0:0', tokenFile: open })).rejects.toThrow(`can be read or written by every user on this machine (mode 644), so it is no secret; run: chmod 600 ${open}`);
    await expect(start({ address: '0.0.0.0:0', tokenFile: tokenFile('short-token', 'abc\n', 0o600) })).rejects.toThrow(/is too short: use at least 16 random characters/);
    await expect(start({ address: '0.0.0.0:0', tokenFile: tokenFile('empty-token', '', 0o600) })).rejects.toThrow(/is empty/);
    await expect(start({ address: '0.0.0.0:0', tokenFile: join(dir, 'absent') })).rejects.toThrow(/Cannot read the metrics token file .*absent: ENOENT/);
  });

  it('with a private token file it starts, says it listens beyond loopback, and wants the token', async () => {
    const notices: string[] = [];
    const file = tokenFile('fleet-token', `${TOKEN}\n`, 0o600);
    const { url } = await start({ address: '0.0.0.0:0', tokenFile: file, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`serving metrics on ${url}, beyond loopback: every scrape must send the bearer token from ${file}.`]);
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect((await get(local)).status).toBe(401);
    expect((await scrape(local, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('a port already taken is a sentence, never another address', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(start({ address: `127.0.0.1:${port}` })).rejects.toThrow(`Cannot serve metrics on 127.0.0.1:${port}: another program already listens there.`);
    } finally {
      taken.close();
    }
  });
});

describe('metrics exporter before the first sample', () => {
  it('answers 503 with a sentence, not zeros', async () => {
    const exporter = await startMetricsExporter({
      address: '127.0.0.1:0',
      // A feed that has not delivered yet: the exporter must not invent figures meanwhile.
      sources: { systemMetrics: () => () => undefined, processTable: () => () => undefined },
    });
    try {
      const answer = await get(exporter.url);
      expect(answer.status).toBe(503);
      expect(answer.body).toMatch(/has not taken its first sample yet/);
    } finally {
      await exporter.close();
    }
  });
});
