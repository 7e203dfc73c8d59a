// Every socket rule on both sides of its threshold and of its duration. The numbers come from REAL sockets
// (net-peers.py holds them in the state each rule looks for; Triage reads them from /proc and counts them as
// the live view does); time is passed in, so "held for 29 s" and "held for 30 s" are exact on a loaded
// machine. Each test judges only its own sockets (filtered by pid or port): other programs cannot tip a threshold.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, RuleId } from '../contract/findings.js';
import type { Connection } from '../contract/netfiles.js';
import { joinHostPort } from '../netfiles/inet-address.js';
import { createNetFilesService, type NetFilesService } from '../netfiles/service.js';
import { socketReading } from '../netfiles/socket-reading.js';
import { Blackhole, NetPeers } from '../netfiles/test-support/net-peers.js';
import type { SocketReading } from '../shared/socket-reading.js';
import { FindingsEngine } from './engine.js';
import { SOCKET_RULES } from './rules/sockets.js';
import { observation } from './test-support/observations.js';
import { THRESHOLDS, type RuleThresholds } from './thresholds.js';

const S = 1000;
const peers = new NetPeers();
let service: NetFilesService;

beforeAll(() => {
  service = createNetFilesService();
});
afterEach(() => peers.stopAll());
afterAll(() => service.close());

/** The peer's sockets, owners read by a fresh walk of that one process. */
async function socketsOf(pid: number): Promise<Connection[]> {
  return (await service['net.connections']({ pid })).connections;
}

function mostCommonPeer(connections: readonly Connection[]): string {
  const counts = new Map<string, number>();
  for (const c of connections) counts.set(joinHostPort(c.remoteAddress, c.remotePort ?? 0), (counts.get(joinHostPort(c.remoteAddress, c.remotePort ?? 0)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/** The engine with the socket rules only, fed one reading a second of whatever real connections the test read last. */
class Timeline {
  readonly engine: FindingsEngine;
  private readonly readings: SocketReading[] = [];
  private t = 0;
  last: Finding | undefined;
  constructor(overrides: Partial<Record<RuleId, Partial<RuleThresholds>>> = {}) {
    const table = { ...THRESHOLDS };
    for (const [rule, row] of Object.entries(overrides) as [RuleId, Partial<RuleThresholds>][]) table[rule] = { ...table[rule], ...row };
    this.engine = new FindingsEngine(() => table, SOCKET_RULES);
  }
  /** Feeds `connections` for `seconds` ticks; the severity of `rule`'s finding about `pid` after each ("-": none). */
  run(connections: readonly Connection[], seconds: number, rule: RuleId, pid?: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < seconds; i++) {
      const now = this.t++ * S;
      // TIME_WAIT sockets are listed here (net.connections lists them); the live view counts them instead.
      this.readings.push(socketReading(now, connections, 0, () => mostCommonPeer(connections.filter((c) => c.state === 'TIME_WAIT'))));
      // No process table: a finding is never dropped for its process having exited (tested live, with a real exit).
      const report = this.engine.evaluate(observation(now, { sockets: this.readings.slice(-300), processes: null }));
      const f = report.findings.find((x) => x.rule === rule && (pid === undefined || x.culprits.some((c) => c.pid === pid)));
      out.push(f?.severity ?? '-');
      this.last = f;
    }
    return out;
  }
}

const times = (value: string, n: number): string[] => Array<string>(n).fill(value);

describe('CLOSE_WAIT (a peer closes, the program never does)', () => {
  const { warn: at, minMs, clearMs } = THRESHOLDS['close-wait'];
  const hold = minMs / S;
  const clear = clearMs / S;

  it(`a pile-up of ${at + 4} is flagged after ${hold} s, stays flagged while it lasts, and clears ${clear} s after it ends`, async () => {
    const peer = peers.start('close-wait', at + 4);
    await peer.ready;
    const piled = await socketsOf(peer.pid);
    expect(piled.filter((c) => c.state === 'CLOSE_WAIT')).toHaveLength(at + 4);
    const line = new Timeline();
    // Held for hold-1 s: not yet; at hold s: a warning, and the same warning for the next five minutes.
    expect(line.run(piled, hold + 300, 'close-wait', peer.pid)).toEqual([...times('-', hold), ...times('warning', 300)]);
    expect(line.last).toMatchObject({ since: 0, culprits: [{ pid: peer.pid, name: 'python3' }], evidence: [{ value: at + 4, threshold: at }] });
    const peerAddress = mostCommonPeer(piled.filter((c) => c.state === 'CLOSE_WAIT'));
    expect(line.last!.sentence).toBe(
      `python3 (pid ${peer.pid}) holds ${at + 4} connections its peers have closed (most with ${peerAddress}); it is not closing them — a leak of sockets in the program.`,
    );
    // The next step opens the Network view on those very sockets.
    expect(line.last!.next).toEqual({
      label: `Open python3 (pid ${peer.pid})'s CLOSE_WAIT sockets in Network`,
      view: 'network',
      target: { pid: peer.pid, startTime: line.last!.culprits[0]!.startTime, name: 'python3' },
      filter: { state: 'CLOSE_WAIT', text: String(peer.pid) },
    });
    // The program closes them: the finding stays for the clear time (counted from the last tick it held), then goes.
    expect(await peer.ask('close')).toBe('closed');
    const after = await socketsOf(peer.pid);
    expect(after.filter((c) => c.state === 'CLOSE_WAIT')).toHaveLength(0);
    expect(line.run(after, clear, 'close-wait', peer.pid)).toEqual([...times('warning', clear - 1), '-']);
  });

  it(`${at - 1} sockets in CLOSE_WAIT (one below the threshold) are never flagged, however long they stay`, async () => {
    const peer = peers.start('close-wait', at - 1);
    await peer.ready;
    const below = await socketsOf(peer.pid);
    expect(below.filter((c) => c.state === 'CLOSE_WAIT')).toHaveLength(at - 1);
    expect(new Set(new Timeline().run(below, 600, 'close-wait', peer.pid))).toEqual(new Set(['-']));
  });

  it('a burst of 3 sockets in 3 s is never a leak; neither is a pile-up that lasts less than the minimum duration', async () => {
    const burst = peers.start('close-wait', 3);
    await burst.ready;
    const three = await socketsOf(burst.pid);
    expect(three.filter((c) => c.state === 'CLOSE_WAIT')).toHaveLength(3);
    const line = new Timeline();
    expect(new Set([...line.run([], 1, 'close-wait'), ...line.run(three, 600, 'close-wait')])).toEqual(new Set(['-']));

    const brief = peers.start('close-wait', at + 4);
    await brief.ready;
    const piled = await socketsOf(brief.pid);
    const short = new Timeline();
    const seen = short.run(piled, hold - 1, 'close-wait', brief.pid);
    await brief.ask('close');
    seen.push(...short.run(await socketsOf(brief.pid), 600, 'close-wait', brief.pid));
    expect(new Set(seen)).toEqual(new Set(['-']));
  });

  it('a pile-up that keeps growing says it rose (from … to …) and becomes serious once the serious level has held the minimum duration', async () => {
    const { serious } = THRESHOLDS['close-wait'];
    const small = peers.start('close-wait', at);
    await small.ready;
    const big = peers.start('close-wait', serious);
    await big.ready;
    // The same numbers as one process growing from `at` to `serious`, read from two real processes.
    const asOne = (list: Connection[]): Connection[] => list.map((c) => ({ ...c, owners: c.owners.map((o) => ({ ...o, pid: 1_000_001, startTime: 1 })) }));
    const line = new Timeline();
    expect(line.run(asOne(await socketsOf(small.pid)), hold + 1, 'close-wait').at(-1)).toBe('warning');
    const seen = line.run(asOne(await socketsOf(big.pid)), hold + 1, 'close-wait');
    expect(seen.slice(0, -1)).toEqual(times('warning', hold));
    expect(seen.at(-1)).toBe('serious');
    expect(line.last!.evidence[0]!.value).toBe(serious);
    expect(line.last!.sentence).toMatch(new RegExp(`The number rose from ${at} to ${serious} over 1 min 1 s\\.$`));
  });
});

describe('accept queue (a listener that never accepts)', () => {
  const { warn, serious, minMs } = THRESHOLDS['accept-queue'];

  it(`${warn} waiting connections: a warning after ${minMs / S} s, naming the port; ${serious}: serious after ${minMs / S} s`, async () => {
    const peer = peers.start('never-accept', warn);
    const port = Number(await peer.ready);
    const listener = (list: Connection[]) => list.find((c) => c.state === 'LISTEN' && c.localPort === port);
    const full = await socketsOf(peer.pid);
    expect(listener(full)?.receiveQueue).toBe(warn);
    const line = new Timeline();
    expect(line.run(full, minMs / S + 1, 'accept-queue', peer.pid)).toEqual([...times('-', minMs / S), 'warning']);
    const local = joinHostPort(listener(full)!.localAddress, port);
    expect(line.last!.sentence).toBe(`python3 (pid ${peer.pid}) has ${warn} connections waiting to be accepted on port ${port} (${local}): it is not accepting them fast enough.`);
    expect(line.last!.next).toMatchObject({ view: 'network', target: { pid: peer.pid }, filter: { state: 'LISTEN', text: `:${port}` } });

    const worse = peers.start('never-accept', serious);
    const worsePort = Number(await worse.ready);
    const fuller = await socketsOf(worse.pid);
    expect(fuller.find((c) => c.state === 'LISTEN' && c.localPort === worsePort)?.receiveQueue).toBe(serious);
    expect(new Timeline().run(fuller, minMs / S + 1, 'accept-queue', worse.pid)).toEqual([...times('-', minMs / S), 'serious']);
  });

  it(`${warn - 1} waiting connections are never flagged`, async () => {
    const peer = peers.start('never-accept', warn - 1);
    await peer.ready;
    const below = await socketsOf(peer.pid);
    expect(new Set(new Timeline().run(below, 600, 'accept-queue', peer.pid))).toEqual(new Set(['-']));
  });
});

describe('receive queue (a reader that never reads)', () => {
  const { warn: at, minMs } = THRESHOLDS['receive-queue'];

  it(`a connection holding its full receive buffer unread is flagged after ${minMs / S} s, not before`, async () => {
    const peer = peers.start('never-read', 16 * 1024 * 1024);
    const [, queued] = (await peer.ready).split(' ').map(Number) as [number, number];
    // What a never-reading connection can hold on this machine must be above the threshold, or the rule is blind.
    expect(queued).toBeGreaterThanOrEqual(at);
    const conns = await socketsOf(peer.pid);
    const line = new Timeline();
    expect(line.run(conns, minMs / S + 1, 'receive-queue', peer.pid)).toEqual([...times('-', minMs / S), 'warning']);
    expect(line.last!.evidence[0]).toMatchObject({ value: queued, unit: 'bytes', threshold: at });
    expect(line.last!.sentence).toMatch(new RegExp(`^python3 \\(pid ${peer.pid}\\) has \\d+(\\.\\d)? KiB received on 1 connection that it has not read`));
  });

  it(`${at - 1} unread bytes are never flagged`, async () => {
    const peer = peers.start('never-read', at - 1);
    const [, queued] = (await peer.ready).split(' ').map(Number) as [number, number];
    expect(queued).toBe(at - 1);
    expect(new Set(new Timeline().run(await socketsOf(peer.pid), 600, 'receive-queue', peer.pid))).toEqual(new Set(['-']));
  });
});

const noBlackhole = Blackhole.skipReason();
if (noBlackhole) console.log(`skipping the SYN_SENT tests: ${noBlackhole}`);

describe.skipIf(noBlackhole !== null)('SYN_SENT (connection attempts to a blackholed address in a network namespace)', () => {
  const hole = new Blackhole();
  const { warn: at, minMs } = THRESHOLDS['syn-sent'];
  beforeAll(() => hole.create());
  afterAll(() => hole.destroy());

  it(`${at} unanswered attempts: flagged after ${minMs / S} s, naming the peer`, async () => {
    const peer = peers.start('syn-sent', at, hole.address, 80);
    await peer.ready;
    const conns = await socketsOf(peer.pid);
    expect(conns.filter((c) => c.state === 'SYN_SENT' && c.remoteAddress === hole.address)).toHaveLength(at);
    const line = new Timeline();
    expect(line.run(conns, minMs / S + 1, 'syn-sent', peer.pid)).toEqual([...times('-', minMs / S), 'warning']);
    expect(line.last!.sentence).toBe(
      `python3 (pid ${peer.pid}) has ${at} connection attempts with no answer yet (SYN_SENT), most to ${hole.address}:80: the peer is unreachable, down, or a firewall drops the packets.`,
    );
    expect(line.last!.next).toMatchObject({ view: 'network', filter: { state: 'SYN_SENT', text: `${hole.address}:80` } });
  });

  it(`${at - 1} unanswered attempts are never flagged`, async () => {
    const peer = peers.start('syn-sent', at - 1, hole.address, 80);
    await peer.ready;
    const conns = await socketsOf(peer.pid);
    expect(conns.filter((c) => c.state === 'SYN_SENT')).toHaveLength(at - 1);
    expect(new Set(new Timeline().run(conns, 600, 'syn-sent', peer.pid))).toEqual(new Set(['-']));
  });
});

describe('TIME_WAIT (connections opened and closed fast)', () => {
  // The machine-wide count, lowered in the table so a test need not use up 5,000 ports; the rule is the same.
  const overrides = { 'time-wait': { warn: 20 } };

  async function timeWaitTo(port: number): Promise<Connection[]> {
    // TIME_WAIT sockets belong to no process: this test's are the ones whose peer is its listener's port.
    return (await service['net.connections']({ state: 'TIME_WAIT' })).connections.filter((c) => c.remotePort === port);
  }

  it('20 are flagged after 30 s, 19 never', async () => {
    const peer = peers.start('time-wait', 20);
    const port = Number(await peer.ready);
    const waiting = await timeWaitTo(port);
    expect(waiting).toHaveLength(20);
    const line = new Timeline(overrides);
    expect(line.run(waiting, 31, 'time-wait')).toEqual([...times('-', 30), 'warning']);
    expect(line.last!.sentence).toBe(
      `20 connections are in TIME_WAIT, most of them with 127.0.0.1:${port}: something opens and closes connections very fast; reusing connections (keep-alive, a connection pool) avoids running out of local ports.`,
    );
    expect(line.last!.next).toMatchObject({ view: 'network', target: null, filter: { state: 'TIME_WAIT', text: `127.0.0.1:${port}` } });
    expect(new Set(new Timeline(overrides).run(waiting.slice(1), 600, 'time-wait'))).toEqual(new Set(['-']));
  });
});

describe('no socket count', () => {
  it('before the first count every socket rule is collecting, and a failed live view is said, never "passed"', () => {
    const engine = new FindingsEngine(() => THRESHOLDS, SOCKET_RULES);
    const waiting = engine.evaluate(observation(0, { sockets: null }));
    expect(waiting.checks.map((c) => [c.rule, c.status, c.why])).toEqual(SOCKET_RULES.map((r) => [r.id, 'collecting', 'no socket count yet']));
    const failed = engine.evaluate(observation(1000, { sockets: { unavailable: 'the network live view stopped: no /proc/net' } }));
    expect(new Set(failed.checks.map((c) => `${c.status}: ${c.why}`))).toEqual(new Set(['unavailable: the network live view stopped: no /proc/net']));
  });
});
