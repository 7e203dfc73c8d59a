import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartInput, type RecipeId, type TraceAnalysis } from '../contract/trace.js';
import { until } from '../../test-support/until.js';
import { createTraceService, type TraceService } from './service.js';

/**
 * Real programs, real loopback sockets, real strace: the trace must say what really happened to a
 * connection, whatever the call that returned said (a non-blocking connect always says EINPROGRESS).
 */

let dir = '';
let helper = '';
let service: TraceService;
const children: ChildProcess[] = [];

function which(program: string): string | null {
  try {
    return execFileSync('which', [program]).toString().trim() || null;
  } catch {
    return null;
  }
}
const curl = which('curl');

/** Starts a helper process and resolves with the first line it prints (sent once its state exists). */
async function startChild(command: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await until(() => out.includes('\n') || child.exitCode !== null, `${command} ${args.join(' ')} to be ready`);
  if (!out.includes('\n')) throw new Error(`${command} ${args.join(' ')} ended before it was ready: ${err}`);
  return { child, line: out.split('\n')[0]! };
}

async function portIn(mode: 'closed' | 'full'): Promise<number> {
  const { line } = await startChild('python3', [new URL('./fixtures/ports.py', import.meta.url).pathname, mode]);
  return Number(line);
}

async function traceToEnd(command: string, args: string[], recipe: RecipeId = 'fails-silently'): Promise<TraceAnalysis> {
  const info = await service['trace.start'](StartInput.parse({ mode: 'launch', command, args, recipe }));
  let ended: TraceAnalysis | null = null;
  const off = service['trace.events']({ id: info.id }, {
    next: (m) => {
      if (m.kind === 'ended') ended = m.analysis;
    },
    fail: (e) => {
      throw e;
    },
  });
  await until(() => ended !== null, `the trace of ${command} to end`);
  off();
  await service['trace.discard']({ id: info.id });
  return ended!;
}

const connectRow = (a: TraceAnalysis, port: number) => a.network.find((n) => n.op === 'connect' && n.address === `127.0.0.1:${port}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-trace-net-'));
  helper = join(dir, 'helper');
  execFileSync('gcc', ['-O2', '-o', helper, new URL('./fixtures/helper.c', import.meta.url).pathname]);
  service = createTraceService({ captureRoot: dir, stateDir: dir });
});
afterAll(async () => {
  await service.disposeAll();
  for (const c of children) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(curl === null)('curl traced for real', () => {
  it.each<RecipeId>(['fails-silently', 'network'])('against a closed port (%s): refused, and the end sentence names it', async (recipe) => {
    const port = await portIn('closed');
    const a = await traceToEnd(curl!, ['-sS', `http://127.0.0.1:${port}/`], recipe);
    expect(a.end).toMatchObject({ state: 'exited', code: 7 });
    expect(a.end!.sentence).toContain(`The telling failure just before the end: it could not connect to 127.0.0.1:${port}: connection refused (nothing listens there)`);
    expect(connectRow(a, port)).toMatchObject({ outcome: 'refused×1', results: { ok: 0, errors: { ECONNREFUSED: 1 } } });
  });

  it('against a port that accepts: connected ok, no failure headline', async () => {
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests++;
      res.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const a = await traceToEnd(curl!, ['-sS', `http://127.0.0.1:${port}/`]);
      expect(requests).toBe(1);
      expect(a.end).toMatchObject({ state: 'exited', code: 0 });
      expect(a.end!.sentence).toMatch(/^It exited normally \(status 0\)\.( Some calls failed on the way, as they do in most programs that work; none stopped it\.| No failing calls came before the end\.)$/);
      expect(connectRow(a, port)).toMatchObject({ outcome: 'ok×1', lastErrno: null, results: { ok: 1, errors: {} } });
      expect(a.failures.filter((f) => !f.noise && f.rank === 0 && f.name === 'connect')).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('against a listener that never answers: it gave up after its timeout (not ok)', async () => {
    const port = await portIn('full');
    const a = await traceToEnd(curl!, ['-sS', '--connect-timeout', '1', `http://127.0.0.1:${port}/`], 'network');
    expect(a.end).toMatchObject({ state: 'exited', code: 28 });
    expect(a.end!.sentence).toMatch(new RegExp(`it gave up connecting to 127\\.0\\.0\\.1:${port} after \\d+\\.\\d s without an answer`));
    expect(connectRow(a, port)).toMatchObject({ outcome: 'timed out×1', results: { ok: 0, errors: { ETIMEDOUT: 1 } } });
  });
});

describe('a C client that connects non-blocking, then sends', () => {
  it('the refusal shows only in the send: the connect is refused', async () => {
    const port = await portIn('closed');
    const a = await traceToEnd(helper, ['nbsend', String(port)]);
    expect(a.end).toMatchObject({ code: 3 });
    expect(a.end!.sentence).toContain(`it could not connect to 127.0.0.1:${port}: connection refused (nothing listens there) (connect → ECONNREFUSED)`);
    expect(connectRow(a, port)).toMatchObject({ outcome: 'refused×1' });
  });
});

// A real resolver query, answered NXDOMAIN by a DNS server on 127.0.0.1:53 in a network namespace of its own.
const canNamespace = curl !== null && process.getuid?.() === 0 && which('unshare') !== null && which('nsenter') !== null && which('ip') !== null;

describe.skipIf(!canNamespace)('a name that does not resolve (own network namespace)', () => {
  it('says it could not resolve the name', async () => {
    const { child } = await startChild('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec python3 ${new URL('./fixtures/dns-nxdomain.py', import.meta.url).pathname}`]);
    const resolv = join(dir, 'resolv.conf');
    await writeFile(resolv, 'nameserver 127.0.0.1\noptions attempts:1 timeout:5\n');
    expect(existsSync(`/proc/${child.pid}/ns/net`)).toBe(true);
    // A private mount namespace shows curl our resolv.conf; nothing outside the trace sees the bind mount.
    const script = `mount --bind ${resolv} /etc/resolv.conf && exec nsenter --net=/proc/${child.pid}/ns/net ${curl} -sS http://nosuch.example/`;
    const a = await traceToEnd(which('unshare')!, ['-m', 'sh', '-c', script]);
    expect(a.end).toMatchObject({ state: 'exited', code: 6 });
    expect(a.end!.sentence).toContain('it could not resolve nosuch.example: no such domain');
    expect(a.network.find((n) => n.address === '127.0.0.1:53' && (n.op === 'recvfrom' || n.op === 'recvmsg'))?.outcome).toMatch(/^no such domain×\d+$/);
  });
});
