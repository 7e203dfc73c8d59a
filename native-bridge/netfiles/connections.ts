import type { Connection, OwnerStatus } from '../contract/netfiles.js';
import type { InetSocket } from './parse-inet-sockets.js';
import type { UnixSocket } from './parse-unix-sockets.js';
import { holdersOf } from './holders.js';
import type { ProcessFacts } from './process-facts.js';
import type { FdRef } from './sweep.js';

export interface OwnerIndex {
  socketOwners: ReadonlyMap<number, readonly FdRef[]>;
  /** Some processes' descriptors could not be read. */
  anyDenied: boolean;
}

function statusOf(inode: number, found: boolean, anyDenied: boolean): OwnerStatus {
  if (found) return 'found';
  // inode 0: TIME_WAIT and half-open handshakes belong to the kernel, never to a process.
  if (inode === 0) return 'none';
  return anyDenied ? 'unreadable' : 'none';
}

export function inetConnection(s: InetSocket, index: OwnerIndex, facts: (pid: number) => ProcessFacts | null): Connection {
  const refs = s.inode === 0 ? undefined : index.socketOwners.get(s.inode);
  const owners = refs ? holdersOf(refs, facts) : [];
  return {
    protocol: s.protocol,
    family: s.family,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    state: s.state,
    sendQueue: s.txQueue,
    receiveQueue: s.rxQueue,
    uid: s.uid,
    inode: s.inode,
    owners,
    ownerStatus: statusOf(s.inode, owners.length > 0, index.anyDenied),
  };
}

export function unixConnection(s: UnixSocket, index: OwnerIndex, facts: (pid: number) => ProcessFacts | null): Connection {
  const refs = index.socketOwners.get(s.inode);
  const owners = refs ? holdersOf(refs, facts) : [];
  return {
    protocol: 'unix',
    family: 'unix',
    localAddress: s.path,
    localPort: null,
    remoteAddress: '',
    remotePort: null,
    state: s.state,
    sendQueue: 0,
    receiveQueue: 0,
    uid: null,
    inode: s.inode,
    owners,
    ownerStatus: statusOf(s.inode, owners.length > 0, index.anyDenied),
  };
}

/** Sockets per state. */
export function countStates(connections: readonly { state: string }[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const c of connections) totals[c.state] = (totals[c.state] ?? 0) + 1;
  return totals;
}
