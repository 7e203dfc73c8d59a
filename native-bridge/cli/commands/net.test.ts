import { afterEach, describe, expect, it } from 'vitest';
import { ListeningResult } from '../../contract/netfiles.js';
import { CLOSE_WAIT_SERVER, LISTENERS } from '../../netfiles/child-scripts.js';
import { NodeChildren } from '../../netfiles/test-support.js';
import { runTriage } from './netfiles-cli-support.js';
import { connect } from 'node:net';

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
    expect(r.stdout).toMatch(/^3 shown\. All sockets by state: /m);
  });

  it('bad input gets one plain sentence and exit 2', async () => {
    const bad = await runTriage('net', '--state', 'SLEEPY');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('triage net: "SLEEPY" is not a socket state (examples: ESTABLISHED, CLOSE_WAIT, LISTEN).\n');
    const pid = await runTriage('net', '--pid', '-1');
    expect(pid.code).toBe(2);
  });
});
