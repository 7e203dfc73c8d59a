import { formatBytes, formatDuration, plural } from '../../common/format/index.js';
import type { Culprit, NextStep } from '../../contract/findings.js';
import type { ProcessSockets, SocketOwner, SocketReading } from '../../shared/socket-reading.js';
import { isUnavailable, type Observation } from '../observation.js';
import { named } from '../words.js';
import { SERIES_POINTS, type Condition, type Rule, type RuleResult } from './rule.js';

/** The newest socket count, or why the rules cannot judge (no count yet, or the live view failed). */
function latest(obs: Observation): SocketReading | Exclude<RuleResult, Condition[]> {
  if (obs.sockets === null) return { collecting: 'no socket count yet' };
  if (isUnavailable(obs.sockets)) return obs.sockets;
  return obs.sockets.at(-1) ?? { collecting: 'no socket count yet' };
}

const isReading = (r: SocketReading | Exclude<RuleResult, Condition[]>): r is SocketReading => 'processes' in r;

const culprit = (o: SocketOwner): Culprit => ({ pid: o.pid, startTime: o.startTime, name: o.name });
const sameOwner = (a: SocketOwner, b: SocketOwner): boolean => a.pid === b.pid && a.startTime === b.startTime;

/** The readings in the window, oldest first (an empty list when there are none). */
const readings = (obs: Observation): SocketReading[] => (obs.sockets === null || isUnavailable(obs.sockets) ? [] : obs.sockets);

/** One process's figure over the last minute of readings, for the finding's small chart. */
function seriesOf(obs: Observation, owner: SocketOwner, figure: (p: ProcessSockets) => number): number[] {
  return readings(obs)
    .slice(-SERIES_POINTS)
    .map((r) => {
      const row = r.processes.find((p) => sameOwner(p.owner, owner));
      return row ? figure(row) : 0;
    });
}

function openInNetwork(label: string, owner: SocketOwner | null, filter: NonNullable<NextStep['filter']>): NextStep {
  return { label, view: 'network', target: owner ? culprit(owner) : null, filter };
}

const severityOf = (value: number, warn: number, serious: number) => (value >= serious ? ('serious' as const) : ('warning' as const));

/**
 * The CLOSE_WAIT count at the start of the unbroken run at or above `warn` that ends now: what "rose from"
 * means. The readings reach back five minutes; a run longer than that starts at the oldest one.
 */
function runStart(obs: Observation, owner: SocketOwner, warn: number): { count: number; time: number } | null {
  const all = readings(obs);
  let start: { count: number; time: number } | null = null;
  for (let i = all.length - 1; i >= 0; i--) {
    const count = all[i]!.processes.find((p) => sameOwner(p.owner, owner))?.closeWait ?? 0;
    if (count < warn) break;
    start = { count, time: all[i]!.time };
  }
  return start;
}

export const closeWait: Rule = {
  id: 'close-wait',
  endsWithCulprit: true,
  evaluate(obs, th) {
    const reading = latest(obs);
    if (!isReading(reading)) return reading;
    return reading.processes
      .filter((p) => p.closeWait >= th.warn)
      .map((p) => {
        const start = runStart(obs, p.owner, th.warn);
        const growing = start !== null && start.count < p.closeWait ? ` The number rose from ${start.count} to ${p.closeWait} over ${formatDuration(reading.time - start.time)}.` : '';
        return {
          key: `close-wait:${p.owner.pid}:${p.owner.startTime}`,
          latch: { severity: severityOf(p.closeWait, th.warn, th.serious), lastingMs: 0 },
          sentence: `${named(p.owner)} holds ${plural(p.closeWait, 'connection')} its peers have closed (most with ${p.closeWaitPeer}); it is not closing them — a leak of sockets in the program.${growing}`,
          evidence: [{ label: 'CLOSE_WAIT sockets', value: p.closeWait, unit: 'count' as const, threshold: th.warn }],
          series: seriesOf(obs, p.owner, (row) => row.closeWait),
          culprits: [culprit(p.owner)],
          next: openInNetwork(`Open ${named(p.owner)}'s CLOSE_WAIT sockets in Network`, p.owner, { state: 'CLOSE_WAIT', text: String(p.owner.pid) }),
        };
      });
  },
};

export const synSent: Rule = {
  id: 'syn-sent',
  endsWithCulprit: true,
  evaluate(obs, th) {
    const reading = latest(obs);
    if (!isReading(reading)) return reading;
    return reading.processes
      .filter((p) => p.synSent >= th.warn)
      .map((p) => ({
        key: `syn-sent:${p.owner.pid}:${p.owner.startTime}`,
        latch: { severity: severityOf(p.synSent, th.warn, th.serious), lastingMs: 0 },
        sentence: `${named(p.owner)} has ${plural(p.synSent, 'connection attempt')} with no answer yet (SYN_SENT), most to ${p.synSentPeer}: the peer is unreachable, down, or a firewall drops the packets.`,
        evidence: [{ label: 'connection attempts (SYN_SENT)', value: p.synSent, unit: 'count' as const, threshold: th.warn }],
        series: seriesOf(obs, p.owner, (row) => row.synSent),
        culprits: [culprit(p.owner)],
        next: openInNetwork(`Open the attempts to ${p.synSentPeer} in Network`, p.owner, { state: 'SYN_SENT', text: p.synSentPeer }),
      }));
  },
};

export const timeWait: Rule = {
  id: 'time-wait',
  evaluate(obs, th) {
    const reading = latest(obs);
    if (!isReading(reading)) return reading;
    if (reading.timeWait < th.warn) return [];
    const peer = reading.timeWaitPeer();
    // The peer is read a moment after the count; should the sockets be gone by then, it is not made up.
    const most = peer === '' ? '' : `, most of them with ${peer}`;
    return [
      {
        key: 'time-wait',
        latch: { severity: severityOf(reading.timeWait, th.warn, th.serious), lastingMs: 0 },
        sentence: `${reading.timeWait} connections are in TIME_WAIT${most}: something opens and closes connections very fast; reusing connections (keep-alive, a connection pool) avoids running out of local ports.`,
        evidence: [{ label: 'TIME_WAIT sockets', value: reading.timeWait, unit: 'count', threshold: th.warn }],
        series: readings(obs)
          .slice(-SERIES_POINTS)
          .map((r) => r.timeWait),
        culprits: [],
        next: openInNetwork(peer === '' ? 'Open the TIME_WAIT sockets in Network' : `Open the TIME_WAIT sockets with ${peer} in Network`, null, {
          state: 'TIME_WAIT',
          ...(peer === '' ? {} : { text: peer }),
        }),
      },
    ];
  },
};

export const receiveQueue: Rule = {
  id: 'receive-queue',
  endsWithCulprit: true,
  evaluate(obs, th) {
    const reading = latest(obs);
    if (!isReading(reading)) return reading;
    return reading.processes
      .filter((p) => p.unreadBytes >= th.warn)
      .map((p) => ({
        key: `receive-queue:${p.owner.pid}:${p.owner.startTime}`,
        latch: { severity: severityOf(p.unreadBytes, th.warn, th.serious), lastingMs: 0 },
        sentence: `${named(p.owner)} has ${formatBytes(p.unreadBytes)} received on ${plural(p.unreadConnections, 'connection')} that it has not read: it is stuck or too slow to read them (its receive queues are filling up).`,
        evidence: [{ label: 'unread bytes', value: p.unreadBytes, unit: 'bytes' as const, threshold: th.warn }],
        series: seriesOf(obs, p.owner, (row) => row.unreadBytes),
        culprits: [culprit(p.owner)],
        next: openInNetwork(`Open ${named(p.owner)}'s connections in Network`, p.owner, { state: 'ESTABLISHED', text: String(p.owner.pid) }),
      }));
  },
};

export const acceptQueue: Rule = {
  id: 'accept-queue',
  endsWithCulprit: true,
  evaluate(obs, th) {
    const reading = latest(obs);
    if (!isReading(reading)) return reading;
    // One subject per listening socket: two ports of one server fill up independently.
    return reading.listeners
      .filter((l) => l.queued >= th.warn)
      .map((l) => ({
        key: `accept-queue:${l.owner.pid}:${l.owner.startTime}:${l.local}`,
        latch: { severity: severityOf(l.queued, th.warn, th.serious), lastingMs: 0 },
        sentence: `${named(l.owner)} has ${plural(l.queued, 'connection')} waiting to be accepted on port ${l.port} (${l.local}): it is not accepting them fast enough.`,
        evidence: [{ label: 'connections waiting to be accepted', value: l.queued, unit: 'count' as const, threshold: th.warn }],
        series: readings(obs)
          .slice(-SERIES_POINTS)
          .map((r) => r.listeners.find((x) => sameOwner(x.owner, l.owner) && x.local === l.local)?.queued ?? 0),
        culprits: [culprit(l.owner)],
        next: openInNetwork(`Open port ${l.port} in Network`, l.owner, { state: 'LISTEN', text: `:${l.port}` }),
      }));
  },
};

/** Every socket rule, in the order their checks are listed. */
export const SOCKET_RULES: readonly Rule[] = [closeWait, synSent, timeWait, receiveQueue, acceptQueue];
