import type { Connection } from '../contract/netfiles.js';
import { inetConnection, unixConnection, type OwnerIndex } from './connections.js';
import type { InetSocket } from './parse-inet-sockets.js';
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
 * Every socket with its owners, read fresh: the socket tables, then one walk over the descriptors
 * (of `pids` only, when the caller wants one process).
 */
export function readConnections(
  procRoot: string,
  facts: (pid: number) => ProcessFacts | null,
  options: { includeUnix?: boolean; pids?: readonly number[] } = {},
): ConnectionSnapshot {
  const inet = readInetSockets(procRoot);
  const unix = options.includeUnix ? readUnixSockets(procRoot) : [];
  const inodes = socketInodes(inet);
  for (const u of unix) inodes.add(u.inode);
  const sweep = sweepMachine(procRoot, { socketInodes: inodes, pids: options.pids });
  const index: OwnerIndex = { socketOwners: sweep.socketOwners, anyDenied: sweep.denied.length > 0 };
  const connections = connectionsFrom(inet, index, facts);
  for (const u of unix) connections.push(unixConnection(u, index, facts));
  return { connections, deniedProcesses: sweep.denied.length };
}
