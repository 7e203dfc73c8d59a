import { afterEach, describe, expect, it } from 'vitest';
import { ListeningResult } from '../../contract/netfiles.js';
import { CLOSE_WAIT_SERVER, LISTENERS } from '../../netfiles/test-support/child-scripts.js';
import { NodeChildren } from '../../netfiles/test-support/children.js';
import { runTriage } from '../../../test-support/run-triage.js';
import { connect, createServer, type Socket } from 'node:net';

const children = new NodeChildren();
afterEach(() => children.killAll());

describe('triage net', () => {
  it('--listen prints each port of a listening child with its pid and reach in words', async () => {
    const child = children.start(LISTENERS);
    const [v4, v6, any] = (await child.ready).split(' ');
    const r = await runTriage('net', '--listen', '--pid', String(child.pid));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROTO\s+ADDRESS\s+REACHABLE FROM\s+USER\s+PID\/PROGRAM$/m);
    expect(r.stdout).toMatch(new RegExp(`^tcp\\s+127\\.0\\.0\\.1:${v4}\\s+this machine only \\(loopback\\)\\s+root\\s+${child.pid}/node$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^tcp6\\s+\\[::1\\]:${v6}\\s+this machine only \\(loopback\\)\\s+root\\s+${child.pid}/node$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^tcp\\s+0\\.0\\.0\\.0:${any}\\s+every interface \\(IPv4\\)\\s+root\\s+${child.pid}/node$`, 'm'));
  });

  it('--listen --json is the schema the UI receives', async () => {
    const child = children.start(LISTENERS);
    const [v4] = (await child.ready).split(' ');
    const r = await runTriage('net', '--listen', '--json');
    expect(r.code).toBe(0);
    const parsed = ListeningResult.parse(JSON.parse(r.stdout));
    expect(parsed.ports.find((p) => p.port === Number(v4))?.owners[0]?.pid).toBe(child.pid);
  });

  it('--state CLOSE_WAIT --pid shows the stuck sockets of the server', async () => {
    const server = children.start(CLOSE_WAIT_SERVER);
    const port = Number(await server.ready);
    const sockets = await Promise.all([1, 2, 3].map(() => new Promise<ReturnType<typeof connect>>((ok) => { const s = connect(port, '127.0.0.1', () => ok(s)); })));
    for (const s of sockets) s.end();
    let r = await runTriage('net', '--state', 'close_wait', '--pid', String(server.pid));
    for (let i = 0; i < 20 && (r.stdout.match(/CLOSE_WAIT\s+127\.0\.0\.1/g) ?? []).length < 3; i++) r = await runTriage('net', '--state', 'CLOSE_WAIT', '--pid', String(server.pid));
    for (const s of sockets) s.destroy();
    expect(r.code).toBe(0);
    expect(r.stdout.match(new RegExp(`^tcp\\s+CLOSE_WAIT\\s+127\\.0\\.0\\.1:${port}\\s.*${server.pid}/node$`, 'gm'))).toHaveLength(3);
    expect(r.stdout).toMatch(/^3 sockets match: CLOSE_WAIT 3\.\nAll sockets by state: /m);
    expect(r.stdout).toMatch(new RegExp(`^3\\s+root\\s+${server.pid}/node\\s+CLOSE_WAIT 3$`, 'm'));
    expect(r.stdout).toMatch(/^3 sockets shown\.$/m);
  });

  it('bad input gets one plain sentence and exit 2', async () => {
    const bad = await runTriage('net', '--state', 'SLEEPY');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^triage net: "SLEEPY" is not a socket state \(examples: ESTABLISHED, CLOSE_WAIT, LISTEN\)\.\nUsage: triage net /);
    const pid = await runTriage('net', '--pid', '-1');
    expect(pid.code).toBe(2);
  });

  it('summarises by process and state first, then at most 50 rows, saying how many are hidden; --all prints every row', async () => {
    // 30 loopback connections inside this test process: 60 ESTABLISHED ends plus the listener, one owner.
    const accepted: Socket[] = [];
    const server = createServer((s) => accepted.push(s));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const clients = await Promise.all(Array.from({ length: 30 }, () => new Promise<Socket>((ok) => { const s = connect(port, '127.0.0.1', () => ok(s)); })));
    try {
      const r = await runTriage('net', '--pid', String(process.pid));
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      const summary = lines.findIndex((l) => /^SOCKETS\s+USER\s+PID\/PROGRAM\s+STATES$/.test(l));
      const rowsHeader = lines.findIndex((l) => /^PROTO\s+STATE\s+LOCAL/.test(l));
      expect(summary).toBeGreaterThan(0);
      expect(rowsHeader).toBeGreaterThan(summary);
      expect(r.stdout).toMatch(new RegExp(`^61\\s+root\\s+${process.pid}/node\\s+ESTABLISHED 60, LISTEN 1$`, 'm'));
      expect(r.stdout.match(/^tcp\s+(ESTABLISHED|LISTEN)\s/gm)).toHaveLength(50);
      expect(r.stdout).toMatch(/^50 of 61 sockets shown; 11 hidden \(--all shows every row\)\.$/m);
      const all = await runTriage('net', '--pid', String(process.pid), '--all');
      expect(all.stdout.match(/^tcp\s+(ESTABLISHED|LISTEN)\s/gm)).toHaveLength(61);
      expect(all.stdout).toMatch(/^61 sockets shown\.$/m);
    } finally {
      for (const s of [...clients, ...accepted]) s.destroy();
      server.close();
    }
  });
});
