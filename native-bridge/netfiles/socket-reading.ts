import type { Connection } from '../contract/netfiles.js';
import type { ListenerQueue, ProcessSockets, SocketReading } from '../shared/socket-reading.js';
import { joinHostPort } from './inet-address.js';
import { processKey } from './state-counts.js';

interface Tally {
  row: ProcessSockets;
  closeWaitPeers: Map<string, number>;
  synSentPeers: Map<string, number>;
}

function mostCommon(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let most = 0;
  for (const [value, n] of counts) {
    if (n > most) {
      best = value;
      most = n;
    }
  }
  return best;
}

const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

/**
 * Whether the findings engine reads this socket, and so needs its owner: CLOSE_WAIT and SYN_SENT ones, and TCP
 * listeners or connections with bytes queued. The rest are only counted per state.
 */
export function judgedSocket(protocol: string, state: string, queued: number): boolean {
  if (state === 'CLOSE_WAIT' || state === 'SYN_SENT') return true;
  return protocol === 'tcp' && queued > 0 && (state === 'LISTEN' || state === 'ESTABLISHED');
}

/**
 * What the findings engine needs from one tick of the live view, in one pass over its connections: per owner,
 * the CLOSE_WAIT and SYN_SENT sockets (with the peer most of them are with) and the unread bytes on established
 * TCP connections; per TCP listener, the connections waiting to be accepted; the machine's TIME_WAIT count
 * (`countedTimeWait`: those counted without being listed, added to any listed). A socket shared after fork
 * counts for each holder, as in the per-state counts.
 */
export function socketReading(time: number, connections: readonly Connection[], countedTimeWait: number, timeWaitPeer: () => string): SocketReading {
  const tallies = new Map<string, Tally>();
  const listeners: ListenerQueue[] = [];
  let timeWait = countedTimeWait;
  for (const c of connections) {
    if (c.state === 'TIME_WAIT') {
      timeWait++;
      continue;
    }
    if (!judgedSocket(c.protocol, c.state, c.receiveQueue)) continue;
    if (c.state === 'LISTEN') {
      const local = joinHostPort(c.localAddress, c.localPort ?? 0);
      for (const o of c.owners) listeners.push({ owner: { pid: o.pid, startTime: o.startTime, name: o.name }, local, port: c.localPort ?? 0, queued: c.receiveQueue });
      continue;
    }
    const closeWait = c.state === 'CLOSE_WAIT';
    const synSent = c.state === 'SYN_SENT';
    for (const o of c.owners) {
      const key = processKey(o.pid, o.startTime);
      let tally = tallies.get(key);
      if (!tally) {
        const row: ProcessSockets = {
          owner: { pid: o.pid, startTime: o.startTime, name: o.name },
          closeWait: 0,
          closeWaitPeer: '',
          synSent: 0,
          synSentPeer: '',
          unreadBytes: 0,
          unreadConnections: 0,
        };
        tally = { row, closeWaitPeers: new Map(), synSentPeers: new Map() };
        tallies.set(key, tally);
      }
      const peer = joinHostPort(c.remoteAddress, c.remotePort ?? 0);
      if (closeWait) {
        tally.row.closeWait++;
        bump(tally.closeWaitPeers, peer);
      } else if (synSent) {
        tally.row.synSent++;
        bump(tally.synSentPeers, peer);
      } else {
        tally.row.unreadBytes += c.receiveQueue;
        tally.row.unreadConnections++;
      }
    }
  }
  const processes = [...tallies.values()].map(({ row, closeWaitPeers, synSentPeers }) => ({
    ...row,
    closeWaitPeer: mostCommon(closeWaitPeers),
    synSentPeer: mostCommon(synSentPeers),
  }));
  return { time, processes, listeners, timeWait, timeWaitPeer };
}
