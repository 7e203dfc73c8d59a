import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_WAIT_SERVER, LISTENERS } from './test-support/child-scripts.js';
import { createNetFilesService, type NetFilesService } from './service.js';
import type { FindingsReport } from '../contract/findings.js';
import type { NetWatchMessage } from '../contract/netfiles.js';
import { FindingsEngine } from '../findings/engine.js';
import { SOCKET_RULES } from '../findings/rules/sockets.js';
import { observation } from '../findings/test-support/observations.js';
import { THRESHOLDS } from '../findings/thresholds.js';
import { until } from '../../test-support/until.js';
import type { SocketReading } from '../shared/socket-reading.js';
import { socketReading } from './socket-reading.js';
import { NodeChildren } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';
import { SamplingClock } from '../shared/sampling-clock.js';

const children = new NodeChildren();
let service: NetFilesService | null = null;
const clients: Socket[] = [];

afterEach(() => {
  for (const c of clients) c.destroy();
  clients.length = 0;
  children.killAll();
  service?.close();
  service = null;
});

function openClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
    clients.push(s);
  });
}

describe('listening ports (real sockets)', () => {
  it('finds a child listening on IPv4 loopback, IPv6 loopback and every interface, with its pid and the reach in words', async () => {
    const child = children.start(LISTENERS);
    const [v4, v6, any] = (await child.ready).split(' ').map(Number) as [number, number, number];
    service = createNetFilesService();
    const { ports } = await service['net.listening']({});
    const mine = ports.filter((p) => p.owners.some((o) => o.pid === child.pid));
    expect(mine.map((p) => [p.family, p.address, p.port, p.scope]).sort()).toEqual(
      [
        ['ipv4', '127.0.0.1', v4, 'loopback'],
        ['ipv6', '::1', v6, 'loopback'],
        ['ipv4', '0.0.0.0', any, 'all'],
      ].sort(),
    );
    expect(mine.find((p) => p.port === v6)!.scopeWords).toBe('this machine only (loopback)');
    expect(mine.find((p) => p.port === any)!.scopeWords).toBe('every interface (IPv4)');
    expect(mine[0]!.owners[0]).toMatchObject({ pid: child.pid, name: 'node', user: 'root' });
    // "what is on port N?"
    const one = await service['net.listening']({ port: v6 });
    expect(one.ports).toHaveLength(1);
    expect(one.ports[0]!.owners.map((o) => o.pid)).toEqual([child.pid]);
  });
});

describe('CLOSE_WAIT (a server that never closes)', () => {
  it('shows the exact CLOSE_WAIT count on the server pid, and counts them for the findings engine', async () => {
    const server = children.start(CLOSE_WAIT_SERVER);
    const port = Number(await server.ready);
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => openClient(port)));
    for (const s of sockets) s.end();
    service = createNetFilesService();
    const svc = service;
    const stuck = await waitFor(async () => {
      const r = await svc['net.connections']({ pid: server.pid, state: 'CLOSE_WAIT' });
      return r.connections.length === 5 ? r : null;
    }, 'five CLOSE_WAIT sockets on the server');
    for (const c of stuck.connections) {
      expect(c.owners.map((o) => o.pid)).toEqual([server.pid]);
      expect(c.localPort).toBe(port);
      expect(c.localAddress).toBe('127.0.0.1');
    }
    // Our ends sent their FIN and wait for the server's, which never comes.
    const ours = await svc['net.connections']({ pid: process.pid });
    expect(ours.connections.filter((c) => c.remotePort === port).map((c) => c.state)).toEqual(Array(5).fill('FIN_WAIT2'));
    // What the engine is given: one row for the server, its five CLOSE_WAIT sockets and a peer they were with.
    const reading = socketReading(1, stuck.connections, 0, () => '');
    const row = reading.processes.find((p) => p.owner.pid === server.pid);
    const ourPorts = new Set(ours.connections.filter((c) => c.remotePort === port).map((c) => `127.0.0.1:${c.localPort}`));
    expect(row).toMatchObject({ owner: { pid: server.pid, name: 'node' }, closeWait: 5, synSent: 0, unreadBytes: 0 });
    expect(ourPorts.has(row!.closeWaitPeer)).toBe(true);
  });

  it('for the findings engine alone, owners are searched only for sockets a rule reads: new established connections cost no sweep', () => {
    // In a network namespace of its own: on the machine's, another test's CLOSE_WAIT sockets rightly cause sweeps.
    const script = fileURLToPath(new URL('./test-support/quiet-sweeps.ts', import.meta.url));
    const run = spawnSync('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && exec "$0" --import tsx "$1"', process.execPath, script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const sweeps = JSON.parse(run.stdout) as { before: number; afterQuiet: number; afterClose: number };
    expect(sweeps.afterQuiet).toBe(sweeps.before);
    expect(sweeps.afterClose).toBeGreaterThan(sweeps.before);
  }, 60_000);

  it('the live view counts CLOSE_WAIT per process over time; the finding waits for its minimum duration and says the count grew', async () => {
    const server = children.start(CLOSE_WAIT_SERVER);
    const port = Number(await server.ready);
    const holdMs = 1500;
    service = createNetFilesService({ clock: new SamplingClock({ intervalMs: 500 }) });
    const engine = new FindingsEngine(() => ({ ...THRESHOLDS, 'close-wait': { ...THRESHOLDS['close-wait'], warn: 4, minMs: holdMs } }), SOCKET_RULES);
    const counts: number[] = [];
    const messages: NetWatchMessage[] = [];
    const readings: SocketReading[] = [];
    const reports: FindingsReport[] = [];
    const stop = service['net.watch']({}, {
      next: (m) => {
        messages.push(m);
        counts.push(m.processes.find((p) => p.pid === server.pid)?.counts.CLOSE_WAIT ?? 0);
      },
      fail: (e) => {
        throw e;
      },
    });
    // The engine's own feed rides on the same ticks: one sampler, two consumers.
    const stopReadings = service.watchSockets(
      (r) => {
        readings.push(r);
        reports.push(engine.evaluate(observation(r.time, { sockets: [...readings], processes: null })));
      },
      (e) => {
        throw e;
      },
    );
    const closeWaitOf = (r: SocketReading): number => r.processes.find((p) => p.owner.pid === server.pid)?.closeWait ?? 0;
    const findingOf = (r: FindingsReport) => r.findings.find((f) => f.rule === 'close-wait' && f.culprits.some((c) => c.pid === server.pid));
    try {
      for (let round = 1; round <= 3; round++) {
        const batch = await Promise.all([1, 2].map(() => openClient(port)));
        for (const s of batch) s.end();
        await until(() => counts.at(-1) === round * 2, `${round * 2} CLOSE_WAIT sockets in the watch`);
      }
      expect(messages[0]!.history).toEqual([]);
      expect(messages[1]!.history).toBeUndefined();
      const growing = await waitFor(() => {
        const f = reports.length > 0 ? findingOf(reports.at(-1)!) : undefined;
        return f && /rose/.test(f.sentence) ? f : null;
      }, 'a growing CLOSE_WAIT finding');
      expect(growing.evidence[0]!.value).toBe(6);
      expect(growing.sentence).toMatch(/The number rose from 4 to 6 over \d+ s\.$/);
      // It rests on the first tick that saw 4, and no report showed it before that had held for holdMs.
      const firstAtFour = readings.find((r) => closeWaitOf(r) >= 4)!;
      expect(growing.since).toBe(firstAtFour.time);
      reports.forEach((report, i) => {
        const f = findingOf(report);
        if (f) expect(report.time - f.since).toBeGreaterThanOrEqual(holdMs);
        else expect(readings[i]!.time - firstAtFour.time < holdMs || readings[i]!.time < firstAtFour.time).toBe(true);
      });
    } finally {
      stop();
      stopReadings();
    }
  });

  it('a pid that does not exist gets a plain sentence', async () => {
    service = createNetFilesService();
    await expect(service['net.connections']({ pid: 4_000_000 })).rejects.toMatchObject({ code: 'ESRCH', message: 'Process 4000000 is not running (it may already have exited).' });
  });
});
