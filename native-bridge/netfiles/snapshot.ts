import type { Connection } from '../contract/netfiles.js';
import { inetConnection, unixConnection, type OwnerIndex } from './connections.js';
import type { InetSocket } from './parse-inet-sockets.js';
import type { DescriptorCache } from './descriptor-cache.js';
import type { ProcessFacts } from './process-facts.js';
import { readInetSockets, readUnixSockets } from './read-sockets.js';
import { sweepMachine } from './sweep.js';

export interface ConnectionSnapshot {
  connections: Connection[];
  deniedProcesses: number;
}

export function socketInodes(sockets: readonly { inode: number }[]): Set<number> {
  const inodes = new Set<number>();
  for (const s of sockets) if (s.inode !== 0) inodes.add(s.inode);
  return inodes;
}

export function connectionsFrom(inet: readonly InetSocket[], index: OwnerIndex, facts: (pid: number) => ProcessFacts | null): Connection[] {
  return inet.map((s) => inetConnection(s, index, facts));
}

/**
 * Every socket with its owners: the socket tables read fresh, then the owners from the descriptor cache
 * (see descriptor-cache.ts for its staleness bound), or from a fresh walk of `pids` when the caller wants
 * one process (a few descriptors: exact is cheap there).
 */
export function readConnections(
  procRoot: string,
  facts: (pid: number) => ProcessFacts | null,
  options: { includeUnix?: boolean; pids?: readonly number[]; cache: DescriptorCache; now: number },
): ConnectionSnapshot {
  const inet = readInetSockets(procRoot);
  const unix = options.includeUnix ? readUnixSockets(procRoot) : [];
  const inodes = socketInodes(inet);
  for (const u of unix) inodes.add(u.inode);
  let index: OwnerIndex;
  let denied: number;
  if (options.pids) {
    const sweep = sweepMachine(procRoot, { socketInodes: inodes, pids: options.pids });
    index = { socketOwners: sweep.socketOwners, anyDenied: sweep.denied.length > 0 };
    denied = sweep.denied.length;
  } else {
    // Who holds which socket is all this asks: socket links are the ones to keep fresh (see SweepOptions).
    const sweep = options.cache.sweep(options.now, unix.length > 0 ? [...inet, ...unix] : inet, { purpose: 'sockets' });
    index = { socketOwners: sweep.socketOwners, anyDenied: sweep.denied > 0 };
    denied = sweep.denied;
  }
  const connections = connectionsFrom(inet, index, facts);
  for (const u of unix) connections.push(unixConnection(u, index, facts));
  return { connections, deniedProcesses: denied };
}
