import type { Connection, Finding, StateTick } from '../contract/netfiles.js';
import { joinHostPort } from './inet-address.js';
import { processKey } from './state-counts.js';
import { formatBytes, plural } from './units.js';

export interface NetThresholds {
  /** CLOSE_WAIT sockets one process may hold before it is a finding (when not growing). */
  closeWait: number;
  /** A rise of at least this many CLOSE_WAIT sockets over the window, never falling, is "growing". */
  closeWaitGrowth: number;
  synSent: number;
  /** Machine-wide TIME_WAIT sockets that make a storm (the ephemeral port range is ~28,000). */
  timeWait: number;
  /** Unread bytes on one process's connections. */
  receiveQueueBytes: number;
  /** Connections waiting to be accepted on one listening socket. */
  acceptQueue: number;
  /** Ticks looked at for "growing" and "stays above". */
  window: number;
}

export const DEFAULT_NET_THRESHOLDS: NetThresholds = {
  closeWait: 16,
  closeWaitGrowth: 3,
  synSent: 8,
  timeWait: 5000,
  receiveQueueBytes: 512 * 1024,
  acceptQueue: 32,
  window: 5,
};

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

const who = (p: { name: string; pid: number }): string => `${p.name} (pid ${p.pid})`;

/** CLOSE_WAIT: stays above the threshold, or rises without falling over the window. */
function closeWaitFindings(ring: readonly StateTick[], t: NetThresholds): Finding[] {
  const latest = ring[ring.length - 1];
  if (!latest) return [];
  const window = ring.slice(-t.window);
  const out: Finding[] = [];
  for (const p of latest.processes) {
    const n = p.counts.CLOSE_WAIT ?? 0;
    if (n === 0) continue;
    const series = window.map((tick) => tick.processes.find((q) => q.pid === p.pid && q.startTime === p.startTime)?.counts.CLOSE_WAIT ?? 0);
    const nonDecreasing = series.every((v, i) => i === 0 || v >= series[i - 1]!);
    const growing = series.length >= 3 && nonDecreasing && n - series[0]! >= t.closeWaitGrowth;
    const previous = series.length >= 2 ? series[series.length - 2]! : n;
    const staysAbove = n >= t.closeWait && previous >= t.closeWait;
    if (!growing && !staysAbove) continue;
    const seconds = Math.round((latest.time - window[0]!.time) / 1000);
    const rise = growing ? ` The number rose from ${series[0]} to ${n} in the last ${seconds} s.` : '';
    out.push({
      kind: 'close-wait',
      severity: growing || n >= t.closeWait * 4 ? 'critical' : 'warning',
      pid: p.pid,
      startTime: p.startTime,
      name: p.name,
      count: n,
      growing,
      sentence: `${who(p)} holds ${plural(n, 'connection')} its peers have closed; it is not closing them — a leak of sockets in the program.${rise}`,
    });
  }
  return out;
}

function perProcessConnections(connections: readonly Connection[], state: string): Map<string, { owner: Connection['owners'][number]; sockets: Connection[] }> {
  const map = new Map<string, { owner: Connection['owners'][number]; sockets: Connection[] }>();
  for (const c of connections) {
    if (c.state !== state) continue;
    for (const o of c.owners) {
      const key = processKey(o.pid, o.startTime);
      const entry = map.get(key);
      if (entry) entry.sockets.push(c);
      else map.set(key, { owner: o, sockets: [c] });
    }
  }
  return map;
}

function synSentFindings(connections: readonly Connection[], t: NetThresholds): Finding[] {
  const out: Finding[] = [];
  for (const { owner, sockets } of perProcessConnections(connections, 'SYN_SENT').values()) {
    if (sockets.length < t.synSent) continue;
    const peer = mostCommon(sockets.map((s) => joinHostPort(s.remoteAddress, s.remotePort ?? 0)));
    out.push({
      kind: 'syn-sent',
      severity: 'warning',
      pid: owner.pid,
      startTime: owner.startTime,
      name: owner.name,
      count: sockets.length,
      growing: false,
      sentence: `${who(owner)} has ${plural(sockets.length, 'connection attempt')} with no answer yet (SYN_SENT), most to ${peer}: the peer is unreachable, down, or a firewall drops the packets.`,
    });
  }
  return out;
}

function timeWaitFindings(connections: readonly Connection[], t: NetThresholds): Finding[] {
  const waiting = connections.filter((c) => c.state === 'TIME_WAIT');
  if (waiting.length < t.timeWait) return [];
  const peer = mostCommon(waiting.map((s) => joinHostPort(s.remoteAddress, s.remotePort ?? 0)));
  return [
    {
      kind: 'time-wait',
      severity: 'warning',
      count: waiting.length,
      growing: false,
      sentence: `${waiting.length} connections are in TIME_WAIT, most of them with ${peer}: something opens and closes connections very fast; reusing connections (keep-alive, a connection pool) avoids running out of local ports.`,
    },
  ];
}

function queueFindings(connections: readonly Connection[], t: NetThresholds): Finding[] {
  const out: Finding[] = [];
  for (const { owner, sockets } of perProcessConnections(connections, 'ESTABLISHED').values()) {
    const stuck = sockets.filter((s) => s.protocol === 'tcp' && s.receiveQueue > 0);
    const bytes = stuck.reduce((sum, s) => sum + s.receiveQueue, 0);
    if (bytes < t.receiveQueueBytes) continue;
    out.push({
      kind: 'receive-queue',
      severity: 'warning',
      pid: owner.pid,
      startTime: owner.startTime,
      name: owner.name,
      count: bytes,
      growing: false,
      sentence: `${who(owner)} has ${formatBytes(bytes)} received on ${plural(stuck.length, 'connection')} that it has not read: it is stuck or too slow to read them (its receive queues are filling up).`,
    });
  }
  for (const { owner, sockets } of perProcessConnections(connections, 'LISTEN').values()) {
    for (const s of sockets) {
      if (s.protocol !== 'tcp' || s.receiveQueue < t.acceptQueue) continue;
      out.push({
        kind: 'accept-queue',
        severity: 'warning',
        pid: owner.pid,
        startTime: owner.startTime,
        name: owner.name,
        count: s.receiveQueue,
        growing: false,
        sentence: `${who(owner)} has ${plural(s.receiveQueue, 'connection')} waiting to be accepted on port ${s.localPort}: it is not accepting them fast enough.`,
      });
    }
  }
  return out;
}

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

/** Findings from the recent ticks (CLOSE_WAIT trend) and the latest connection list (everything else). */
export function netFindings(ring: readonly StateTick[], latest: readonly Connection[], t: NetThresholds = DEFAULT_NET_THRESHOLDS): Finding[] {
  return [...closeWaitFindings(ring, t), ...synSentFindings(latest, t), ...timeWaitFindings(latest, t), ...queueFindings(latest, t)].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || b.count - a.count,
  );
}
