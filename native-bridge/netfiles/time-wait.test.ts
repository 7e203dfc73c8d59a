// TIME_WAIT sockets in the live view: counted exactly, never listed, never parsed one by one.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetWatchMessage } from '../contract/netfiles.js';
import { timeWait } from '../findings/rules/sockets.js';
import { observation } from '../findings/test-support/observations.js';
import { THRESHOLDS } from '../findings/thresholds.js';
import type { SocketReading } from '../shared/socket-reading.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import { buildSockDiag } from '../../scripts/build-sockdiag.mjs';
import { countStates } from './connections.js';
import { joinHostPort } from './inet-address.js';
import { parseInetSockets, parseOwnableInetSocketBytes, type InetSocket } from './parse-inet-sockets.js';
import { readInetSockets } from './read-sockets.js';
import { createNetFilesService, type NetFilesService } from './service.js';
import { NetPeers } from './test-support/net-peers.js';
import { waitFor } from '../../test-support/until.js';
import { createWatchSocketReader } from './watch-sockets.js';

const peers = new NetPeers();
let helper: string | null = null;
let service: NetFilesService | null = null;

beforeAll(() => {
  helper = buildSockDiag(join(import.meta.dirname, '..', '..'));
  if (!helper) throw new Error('the sock_diag helper could not be built: a C compiler (cc) is needed');
});
afterEach(() => {
  service?.close();
  service = null;
});
afterAll(() => peers.stopAll());

/** The old reader's view: every line of every table parsed. */
function whole(): { rows: InetSocket[]; totals: Record<string, number>; timeWait: number } {
  const rows = readInetSockets('/proc');
  return { rows, totals: countStates(rows), timeWait: rows.filter((s) => s.state === 'TIME_WAIT').length };
}

const same = (a: Record<string, number>, b: Record<string, number>): boolean => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
/** A socket without its queues, which move on a busy machine between two reads. */
const key = (s: InetSocket): string => `${s.protocol} ${s.family} ${joinHostPort(s.localAddress, s.localPort)} ${joinHostPort(s.remoteAddress, s.remotePort)} ${s.state} ${s.uid} ${s.inode}`;

/** Makes `n` TIME_WAIT sockets with one peer (a port of their own); the port. */
async function timeWaitSockets(n: number): Promise<number> {
  const port = Number(await peers.start('time-wait', n).ready);
  await waitFor(() => whole().rows.filter((s) => s.state === 'TIME_WAIT' && s.remotePort === port).length >= n - 5, `${n} TIME_WAIT sockets`);
  return port;
}

describe('the TIME_WAIT line skip of /proc/net/tcp', () => {
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  it('counts a TIME_WAIT line from its state column alone, whatever follows, and parses every other line as before', () => {
    const listen = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0\n';
    // Past the state column this line is garbage: a reader that parsed it would drop it, never count it.
    const skipped = '   1: 0100007F:A000 0100007F:1F90 06 not parsed at all\n';
    const parsed = '10000:  0100007F:A001   0100007F:1F90 06 00000000:00000000 03:00001770 00000000 0 0 0\n';
    // "06" elsewhere on the line (a port, a queue) is not a state.
    const established = '   3: 0100007F:0006 0100007F:1F90 01 00000006:00000000 00:00000000 00000000  1000        0 12346 1 0000000000000000 20 4 30 10 -1\n';
    const text = header + listen + skipped + parsed + established;
    const bytes = Buffer.from(text, 'latin1');
    const out: InetSocket[] = [];
    expect(parseOwnableInetSocketBytes(bytes, bytes.length, 'tcp', out)).toBe(2);
    expect(out).toEqual(parseInetSockets(header + listen + established, 'tcp'));
    expect(out.map((s) => [s.state, s.localPort, s.txQueue])).toEqual([['LISTEN', 8080, 0], ['ESTABLISHED', 6, 6]]);
    // UDP has no TIME_WAIT: nothing is skipped there.
    const udp: InetSocket[] = [];
    expect(parseOwnableInetSocketBytes(bytes, bytes.length, 'udp', udp)).toBe(0);
  });
});

describe.each([
  ['the sock_diag helper', true],
  ['/proc with TIME_WAIT lines skipped', false],
] as const)('%s, with real TIME_WAIT sockets', (_name, viaHelper) => {
  it('counts them exactly and lists every other socket as the whole tables do, without a row for any of them', async () => {
    const port = await timeWaitSockets(300);
    const reader = createWatchSocketReader({ procRoot: '/proc', helper: viaHelper ? helper : null });
    try {
      // Other programs open and close sockets too: take the reader's look between two whole reads that agree.
      const { before, read } = await waitFor(async () => {
        const first = whole();
        const table = await reader.read();
        const second = whole();
        return same(first.totals, second.totals) && first.rows.map(key).sort().join('\n') === second.rows.map(key).sort().join('\n')
          ? { before: first, read: table }
          : null;
      }, 'two whole reads of the tables that agree around the reader');
      expect(read.via).toBe(viaHelper ? 'sock_diag' : 'proc');
      expect(before.timeWait).toBeGreaterThanOrEqual(295);
      expect(read.timeWait).toBe(before.timeWait);
      expect(read.sockets.filter((s) => s.state === 'TIME_WAIT')).toEqual([]);
      expect(read.sockets.map(key).sort()).toEqual(before.rows.filter((s) => s.state !== 'TIME_WAIT').map(key).sort());
      // Ours are among the counted: none of them reached the list.
      expect(read.sockets.some((s) => s.remotePort === port)).toBe(false);
    } finally {
      reader.close();
    }
  });
});

describe('the sock_diag helper', () => {
  it('gives the rows /proc/net/tcp6 gives, queues included, for a listener and a connection to it', async () => {
    const { createServer, connect } = await import('node:net');
    const server = createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve) => server.listen(0, '::1', 3, resolve));
    const port = (server.address() as { port: number }).port;
    const client = connect(port, '::1');
    const reader = createWatchSocketReader({ procRoot: '/proc', helper });
    try {
      await new Promise((resolve) => client.once('connect', resolve));
      const rows = await waitFor(async () => {
        const fromProc = readInetSockets('/proc').filter((s) => s.localPort === port || s.remotePort === port);
        const fromDiag = (await reader.read()).sockets.filter((s) => s.localPort === port || s.remotePort === port);
        const order = (a: InetSocket, b: InetSocket): number => key(a).localeCompare(key(b));
        return fromProc.length === 3 && JSON.stringify(fromProc.sort(order)) === JSON.stringify(fromDiag.sort(order)) ? fromDiag : null;
      }, 'the same three rows from both');
      expect(rows.map((s) => [s.family, s.localAddress, s.state]).sort()).toEqual([
        ['ipv6', '::1', 'ESTABLISHED'],
        ['ipv6', '::1', 'ESTABLISHED'],
        ['ipv6', '::1', 'LISTEN'],
      ]);
    } finally {
      reader.close();
      client.destroy();
      server.close();
    }
  });

  it('a helper that cannot run is given up once, said once, and /proc answers the same', async () => {
    const said: string[] = [];
    const reader = createWatchSocketReader({ procRoot: '/proc', helper: '/nonexistent/triage-sockdiag', onFallback: (e) => said.push(e.message) });
    const first = await reader.read();
    const second = await reader.read();
    expect([first.via, second.via]).toEqual(['proc', 'proc']);
    expect(said).toEqual(['the sock_diag helper could not run: spawn /nonexistent/triage-sockdiag ENOENT']);
  });
});

describe.each([
  ['the sock_diag helper', true],
  ['/proc with TIME_WAIT lines skipped', false],
] as const)('net.watch through %s', (_name, viaHelper) => {
  it('its state totals equal the whole tables\' at every tick where they held still; the count the engine judges is exact and its TIME_WAIT finding names their peer', async () => {
    const port = await timeWaitSockets(300);
    service = createNetFilesService({ sockDiagHelper: viaHelper ? helper : null, clock: new SamplingClock({ intervalMs: 200 }) });
    // At each message, the whole tables read at once: the tick ran between the previous message's read and this one's.
    const seen: { message: NetWatchMessage; after: ReturnType<typeof whole> }[] = [];
    const counted: { reading: SocketReading; after: ReturnType<typeof whole> }[] = [];
    const stopView = service['net.watch']({}, { next: (message) => seen.push({ message, after: whole() }), fail: (e) => { throw e; } });
    const stopReadings = service.watchSockets((reading) => counted.push({ reading, after: whole() }), (e) => { throw e; });
    /** The newest entry whose whole read agrees with the one before it: nothing changed around that tick. */
    const settledOf = <T extends { after: ReturnType<typeof whole> }>(list: readonly T[], keep: (entry: T) => boolean): T | null => {
      for (let i = list.length - 1; i > 0; i--) if (keep(list[i]!) && same(list[i - 1]!.after.totals, list[i]!.after.totals)) return list[i]!;
      return null;
    };
    try {
      const settled = await waitFor(() => settledOf(seen, (e) => (e.message.totals.TIME_WAIT ?? 0) >= 295), 'a tick between two whole reads that agree');
      expect(settled.message.totals).toEqual(settled.after.totals);
      const exact = await waitFor(() => settledOf(counted, (e) => e.reading.timeWait >= 295), 'a count between two whole reads that agree');
      expect(exact.reading.timeWait).toBe(exact.after.timeWait);
      // The engine's rule, at a threshold these sockets pass: its sentence names the peer most of them are with.
      const th = { ...THRESHOLDS['time-wait'], warn: 250 };
      const result = timeWait.evaluate(observation(exact.reading.time, { sockets: [exact.reading] }), th);
      if (!Array.isArray(result)) throw new Error(`the rule did not judge: ${JSON.stringify(result)}`);
      const finding = result[0]!;
      expect(finding.evidence[0]!.value).toBe(exact.reading.timeWait);
      // Earlier tests' TIME_WAIT sockets linger 60 s: the peer named is one that most of them are with.
      const perPeer = new Map<string, number>();
      for (const s of exact.after.rows) if (s.state === 'TIME_WAIT') perPeer.set(joinHostPort(s.remoteAddress, s.remotePort), (perPeer.get(joinHostPort(s.remoteAddress, s.remotePort)) ?? 0) + 1);
      const named = /most of them with (\S+):/.exec(finding.sentence)?.[1] ?? '';
      expect(perPeer.get(named)).toBe(Math.max(...perPeer.values()));
      expect(perPeer.get(`127.0.0.1:${port}`)).toBeGreaterThanOrEqual(295);
    } finally {
      stopView();
      stopReadings();
    }
  });
});
