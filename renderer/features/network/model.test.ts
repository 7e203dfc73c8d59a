import { describe, expect, it } from 'vitest';
import type { Connection, DeletedFile, DeletedFilesResult, Finding, Holder, ListeningPort, NetWatchMessage, ProcessIo, StateTick } from '../../../native-bridge/contract/index.js';
import { emptyText } from './empty-text.js';
import { formatEndpoint, ownerText } from './endpoints.js';
import type { Check, Finding as EngineFinding, FindingsReport, RuleId } from '../../../native-bridge/contract/findings.js';
import { connectionVerdict, deletedLine, mergeFindings, socketFindings, unreadableSentences } from './findings.js';
import { flattenGroups, groupConnections, matchesText, stateSummary } from './grouping.js';
import { answerPort, parsePortQuery } from './port-search.js';
import { rankDeleted, rankIo, rankRestartGains } from './ranking.js';
import { applyWatchMessage, chartChoices, stateChartData } from './watch-ring.js';

const holder = (pid: number, name = 'mqbroker'): Holder => ({ pid, startTime: pid * 10, name, user: 'app', fds: [3] });

function conn(state: Connection['state'], owner: Holder | null, localPort = 5672, over: Partial<Connection> = {}): Connection {
  return {
    protocol: 'tcp',
    family: 'ipv4',
    localAddress: '10.0.0.1',
    localPort,
    remoteAddress: '10.0.0.9',
    remotePort: 40000 + Math.floor(localPort / 7),
    state,
    sendQueue: 0,
    receiveQueue: 0,
    uid: 1000,
    inode: owner ? localPort : 0,
    owners: owner ? [owner] : [],
    ownerStatus: owner ? 'found' : 'none',
    ...over,
  };
}

describe('grouping connections', () => {
  const broker = holder(100);
  const web = holder(200, 'nginx');
  const list = [
    conn('CLOSE_WAIT', broker, 1),
    conn('ESTABLISHED', broker, 2),
    conn('CLOSE_WAIT', broker, 3),
    conn('ESTABLISHED', web, 4),
    conn('TIME_WAIT', null, 5),
    conn('ESTABLISHED', null, 6, { ownerStatus: 'unreadable' }),
  ];

  it('groups by process, biggest first, ownerless groups last, and counts states per group', () => {
    const groups = groupConnections(list, 'process');
    expect(groups.map((g) => [g.key, g.connections.length])).toEqual([
      ['p:100:1000', 3],
      ['p:200:2000', 1],
      ['kernel', 1],
      ['unreadable', 1],
    ]);
    expect(groups[0]!.byState).toEqual({ CLOSE_WAIT: 2, ESTABLISHED: 1 });
    // Inside a group, kernel state order: ESTABLISHED before CLOSE_WAIT.
    expect(groups[0]!.connections.map((c) => c.state)).toEqual(['ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT']);
    expect(stateSummary(groups[0]!.byState)).toBe('1 ESTABLISHED · 2 CLOSE_WAIT');
  });

  it('groups by state and flattens with headers, leaving out folded groups', () => {
    const groups = groupConnections(list, 'state');
    expect(groups.map((g) => [g.label, g.connections.length])).toEqual([
      ['ESTABLISHED', 3],
      ['CLOSE_WAIT', 2],
      ['TIME_WAIT', 1],
    ]);
    const items = flattenGroups(groups, new Set(['s:ESTABLISHED']), true);
    expect(items.map((i) => i.kind)).toEqual(['group', 'group', 'connection', 'connection', 'group', 'connection']);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    expect(flattenGroups(groupConnections(list, 'none'), new Set(), false)).toHaveLength(6);
  });

  it('filters by text over owner, port and state', () => {
    expect(list.filter((c) => matchesText(c, 'nginx'))).toHaveLength(1);
    expect(list.filter((c) => matchesText(c, 'close_wait'))).toHaveLength(2);
    expect(list.filter((c) => matchesText(c, 'postgres'))).toHaveLength(0);
    expect(list.filter((c) => matchesText(c, '10.0.0.1:3'))).toHaveLength(1);
  });

  it('names the owner in words, never blank', () => {
    expect(ownerText(list[0]!)).toBe('mqbroker (pid 100, app)');
    expect(ownerText(list[4]!)).toBe('the kernel (no process holds it)');
    expect(ownerText(list[5]!)).toBe('a process you cannot inspect');
    expect(ownerText({ ...list[0]!, owners: [broker, web] })).toBe('mqbroker (pid 100, app) and 1 more');
  });

  it('formats endpoints like ss: IPv6 in brackets, unbound sides as *', () => {
    expect(formatEndpoint('ipv6', '::1', 443)).toBe('[::1]:443');
    expect(formatEndpoint('ipv4', '0.0.0.0', 0)).toBe('*:*');
    expect(formatEndpoint('ipv6', '::', 22)).toBe('[::]:22');
    expect(formatEndpoint('unix', '', null)).toBe('(unnamed)');
  });
});

describe('what is on port N', () => {
  it('reads the port out of what people type', () => {
    expect(parsePortQuery('8080')).toEqual({ port: 8080 });
    expect(parsePortQuery(':443')).toEqual({ port: 443 });
    expect(parsePortQuery('what is on port 5672?')).toEqual({ port: 5672 });
    expect(parsePortQuery('  ')).toBeNull();
    expect(parsePortQuery('70000')).toEqual({ error: 'Type a port number from 1 to 65535.' });
    expect(parsePortQuery('http')).toEqual({ error: 'Type a port number from 1 to 65535.' });
  });

  it('answers with the owner and the reach in words, or says nothing listens', () => {
    const port: ListeningPort = {
      protocol: 'tcp',
      family: 'ipv6',
      address: '::1',
      port: 5432,
      scope: 'loopback',
      scopeWords: 'this machine only (loopback)',
      waiting: 0,
      owners: [holder(300, 'postgres')],
      ownerStatus: 'found',
    };
    expect(answerPort([port], 5432).lines).toEqual(['postgres (pid 300, app) listens on TCP [::1]:5432 — this machine only (loopback).']);
    expect(answerPort([port], 5433)).toEqual({ port: 5433, matches: [], lines: ['Nothing listens on port 5433 (TCP or UDP).'] });
  });
});

function tick(time: number, counts: Record<number, Record<string, number>>): StateTick {
  const processes = Object.entries(counts).map(([pid, c]) => ({
    pid: Number(pid),
    startTime: Number(pid) * 10,
    name: `p${pid}`,
    user: 'app',
    counts: c,
    total: Object.values(c).reduce((a, b) => a + b, 0),
  }));
  const totals: Record<string, number> = {};
  for (const p of processes) for (const [s, n] of Object.entries(p.counts)) totals[s] = (totals[s] ?? 0) + n;
  return { time, processes, totals };
}

const message = (t: StateTick, history?: StateTick[]): NetWatchMessage => ({
  ...t,
  unreadable: { processes: 0, items: 0, sentence: null },
  pendingSockets: 0,
  ...(history ? { history } : {}),
});

describe('applying net.watch messages', () => {
  it('starts from the history in the first message, appends later ones, ignores repeats and keeps the cap', () => {
    const first = applyWatchMessage([tick(1, {})], message(tick(30, {}), [tick(10, {}), tick(20, {})]), 3);
    expect(first.map((t) => t.time)).toEqual([10, 20, 30]);
    const next = applyWatchMessage(first, message(tick(40, {})), 3);
    expect(next.map((t) => t.time)).toEqual([20, 30, 40]);
    expect(applyWatchMessage(next, message(tick(40, {})), 3)).toBe(next);
  });

  it('charts one process or the machine, with zeros where a process held nothing', () => {
    const ticks = [tick(1000, { 7: { CLOSE_WAIT: 1 } }), tick(2000, { 8: { ESTABLISHED: 2 } }), tick(3000, { 7: { CLOSE_WAIT: 3, ESTABLISHED: 1 } })];
    const one = stateChartData(ticks, '7:70', 100);
    expect(one.states).toEqual(['ESTABLISHED', 'CLOSE_WAIT']);
    expect(one.rows.map((r) => r.CLOSE_WAIT)).toEqual([1, 0, 3]);
    const machine = stateChartData(ticks, null, 100);
    expect(machine.rows.map((r) => r.ESTABLISHED)).toEqual([0, 2, 1]);
  });

  it('offers processes a finding names first in the chart picker', () => {
    const ticks = [tick(1000, { 7: { CLOSE_WAIT: 2 }, 8: { ESTABLISHED: 9 } })];
    const flagged = { pid: 7, startTime: 70, name: 'p7' };
    expect(chartChoices(ticks, []).map((c) => c.key)).toEqual(['8:80', '7:70']);
    expect(chartChoices(ticks, [flagged]).map((c) => c.key)).toEqual(['7:70', '8:80']);
  });
});

describe('ranking and findings', () => {
  const file = (path: string, allocated: number, size = allocated): DeletedFile => ({ path, sizeBytes: size, allocatedBytes: allocated, holders: [], filesystem: null });

  it('ranks deleted files by the space they occupy, sparse files by their blocks', () => {
    expect(rankDeleted([file('/a', 10), file('/sparse', 5, 1e9), file('/b', 20)]).map((f) => f.path)).toEqual(['/b', '/a', '/sparse']);
    const gain = (pid: number, bytes: number) => ({ pid, startTime: 1, name: 'x', user: 'u', restartGainBytes: bytes, files: 1, sentence: '' });
    expect(rankRestartGains([gain(1, 5), gain(2, 0), gain(3, 9)]).map((g) => g.pid)).toEqual([3, 1]);
  });

  it('ranks I/O like iotop, by the chosen rate', () => {
    const io = (pid: number, r: number, w: number): ProcessIo => ({
      pid,
      startTime: 1,
      name: 'x',
      user: 'u',
      readBytesPerSec: r,
      writeBytesPerSec: w,
      readCharsPerSec: 0,
      writeCharsPerSec: 0,
      readBytesTotal: 0,
      writeBytesTotal: 0,
    });
    const list = [io(1, 10, 0), io(2, 0, 50), io(3, 30, 30)];
    expect(rankIo(list, 'total').map((p) => p.pid)).toEqual([3, 2, 1]);
    expect(rankIo(list, 'read').map((p) => p.pid)).toEqual([3, 1, 2]);
  });

  it('merges findings worst first, each once, and collects distinct unreadable sentences', () => {
    const f = (severity: Finding['severity'], sentence: string, count = 1): Finding => ({ kind: 'deleted-files', severity, count, growing: false, sentence });
    expect(mergeFindings([f('info', 'a'), f('critical', 'b')], [f('info', 'a'), f('warning', 'c')]).map((x) => x.sentence)).toEqual(['b', 'c', 'a']);
    const u = (sentence: string | null) => ({ processes: 1, items: 1, sentence });
    expect(unreadableSentences(u('x'), u(null), undefined, u('x'), u('y'))).toEqual(['x', 'y']);
  });
});

describe('what the findings panel may say', () => {
  const check = (rule: RuleId, status: Check['status'], why: string | null = null): Check => ({ rule, title: rule, status, why });
  const finding = (rule: RuleId): EngineFinding => ({
    key: rule, rule, severity: 'warning', sentence: rule, since: 0, evidence: [], series: [], culprits: [], next: null,
  });
  const report = (checks: Check[], findings: EngineFinding[] = []): FindingsReport => ({ time: 40_000, observedMs: 30_400, findings, checks, waitingFor: [] });
  const socketChecks = (status: Check['status'], why: string | null = null) =>
    (['close-wait', 'syn-sent', 'time-wait', 'receive-queue', 'accept-queue'] as const).map((r) => check(r, status, why));

  it('no data is not "nothing wrong": connecting, not judged yet (and why), unavailable, then the verdict', () => {
    expect(connectionVerdict(null, null)).toBe('Connecting… connection findings show once the findings engine has counted sockets.');
    expect(connectionVerdict(null, 'Findings stopped: the backend is gone')).toBe('Findings stopped: the backend is gone: connections are not being judged.');
    expect(connectionVerdict(report(socketChecks('collecting', 'no socket count yet')), null)).toMatch(/^Not judged yet: close-wait \(no socket count yet\); syn-sent/);
    expect(connectionVerdict(report([check('cpu-hog', 'collecting', 'x'), ...socketChecks('passed')]), null)).toBe(
      'Nothing looks wrong with connections right now: none stuck in CLOSE_WAIT or SYN_SENT, no TIME_WAIT storm, no full queues (watched for 30 s).',
    );
    const pending = [check('close-wait', 'collecting', 'its condition has held for 12 s; it becomes a finding after 30 s'), ...socketChecks('passed').slice(1)];
    expect(connectionVerdict(report(pending), null)).toBe('Not judged yet: close-wait (its condition has held for 12 s; it becomes a finding after 30 s).');
    expect(connectionVerdict(report(socketChecks('unavailable', 'the network live view stopped: no /proc/net')), null)).toBe(
      'Connections cannot be judged: the network live view stopped: no /proc/net.',
    );
    expect(connectionVerdict(report(socketChecks('passed')), null, 3)).toBe('No connection finding so far; the owners of 3 new sockets are still being looked up.');
    expect(connectionVerdict(report([check('time-wait', 'firing'), ...socketChecks('passed').filter((c) => c.rule !== 'time-wait')], [finding('time-wait')]), null)).toBeNull();
  });

  it('lists only the socket rules\' findings of the engine\'s report', () => {
    expect(socketFindings(null)).toEqual([]);
    expect(socketFindings(report([], [finding('cpu-hog'), finding('close-wait'), finding('accept-queue')])).map((f) => f.rule)).toEqual(['close-wait', 'accept-queue']);
  });

  it('the deleted-file line is the backend sentence about the listed files, or why there is none yet', () => {
    const data: DeletedFilesResult = {
      time: 1,
      files: [{ path: '/var/log/big.log', sizeBytes: 50 * 1024 * 1024, allocatedBytes: 50 * 1024 * 1024, holders: [], filesystem: null }],
      byProcess: [],
      totalAllocatedBytes: 50 * 1024 * 1024,
      summary: '1 deleted file still open holds 50.0 MiB of disk space; the largest is /var/log/big.log (50.0 MiB).',
      findings: [],
      unreadable: { processes: 0, items: 0, sentence: null },
    };
    expect(deletedLine({ data, loading: false, error: null })).toBe(data.summary);
    expect(deletedLine({ data: null, loading: true, error: null })).toBe('Deleted files: looking through every open descriptor…');
    expect(deletedLine({ data: null, loading: false, error: 'permission denied' })).toBe('Deleted files could not be read: permission denied');
  });

  it('an empty list says "none" only after it was read', () => {
    expect(emptyText({ data: null, loading: true, error: null }, 'Nothing listens.')).toBe('Reading…');
    expect(emptyText({ data: null, loading: false, error: null }, 'Nothing listens.')).toBe('Not read yet.');
    expect(emptyText({ data: null, loading: false, error: 'EACCES' }, 'Nothing listens.')).toBe('Not shown: EACCES');
    expect(emptyText({ data: {}, loading: true, error: null }, 'Nothing listens.')).toBe('Nothing listens.');
  });
});

describe('the connections filter a finding links to', () => {
  it('an IPv6 peer as a finding names it ("[::1]:80") matches its socket in the connections filter', () => {
    const socket: Connection = {
      protocol: 'tcp', family: 'ipv6', localAddress: '::1', localPort: 40000, remoteAddress: 'fd00::1', remotePort: 80, state: 'SYN_SENT',
      sendQueue: 0, receiveQueue: 0, uid: 0, inode: 1, owners: [], ownerStatus: 'none',
    };
    expect(matchesText(socket, '[fd00::1]:80')).toBe(true);
    expect(matchesText(socket, '[fd00::2]:80')).toBe(false);
  });
});
