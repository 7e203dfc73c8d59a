import type { Connection, ListeningPort } from '../contract/netfiles.js';
import { isLoopback, isWildcard } from './inet-address.js';

export function scopeOf(address: string, family: 'ipv4' | 'ipv6'): Pick<ListeningPort, 'scope' | 'scopeWords'> {
  if (isLoopback(address)) return { scope: 'loopback', scopeWords: 'this machine only (loopback)' };
  if (isWildcard(address)) {
    return {
      scope: 'all',
      scopeWords: family === 'ipv6' ? 'every interface (IPv6, usually IPv4 too)' : 'every interface (IPv4)',
    };
  }
  return { scope: 'specific', scopeWords: `only on ${address}` };
}

/** TCP sockets in LISTEN and UDP sockets bound without a peer: what answers when someone connects to a port. */
export function listeningPorts(connections: readonly Connection[]): ListeningPort[] {
  const out: ListeningPort[] = [];
  for (const c of connections) {
    if (c.protocol === 'unix' || c.family === 'unix' || c.localPort === null) continue;
    const listens = c.protocol === 'tcp' ? c.state === 'LISTEN' : c.state === 'UNCONN' && c.remotePort === 0;
    if (!listens) continue;
    out.push({
      protocol: c.protocol,
      family: c.family,
      address: c.localAddress,
      port: c.localPort,
      ...scopeOf(c.localAddress, c.family),
      waiting: c.protocol === 'tcp' ? c.receiveQueue : 0,
      owners: c.owners,
      ownerStatus: c.ownerStatus,
    });
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || a.family.localeCompare(b.family));
}
