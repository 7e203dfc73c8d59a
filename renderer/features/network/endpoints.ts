import type { Connection, Holder } from '../../../native-bridge/contract/index.js';

/** "127.0.0.1:80", "[::1]:80", "*:*" for an unbound side; Unix sockets by path ("(unnamed)" when none). */
export function formatEndpoint(family: Connection['family'], address: string, port: number | null): string {
  if (family === 'unix') return address === '' ? '(unnamed)' : address;
  const unspecified = address === '0.0.0.0' || address === '::';
  const host = unspecified && port === 0 ? '*' : family === 'ipv6' ? `[${address}]` : address;
  return `${host}:${port === 0 || port === null ? '*' : port}`;
}

export const localEndpoint = (c: Connection): string => formatEndpoint(c.family, c.localAddress, c.localPort);
export const remoteEndpoint = (c: Connection): string => formatEndpoint(c.family, c.remoteAddress, c.remotePort);

/** "tcp", "tcp6", "udp", "unix": what ss and netstat call them. */
export function protocolLabel(c: Pick<Connection, 'protocol' | 'family'>): string {
  return c.family === 'ipv6' ? `${c.protocol}6` : c.protocol;
}

export function holderText(h: Holder): string {
  return `${h.name} (pid ${h.pid}, ${h.user})`;
}

/** Who holds a socket, in words: never blank, so a missing owner is said rather than hidden. */
export function ownerText(item: Pick<Connection, 'owners' | 'ownerStatus' | 'state'>): string {
  if (item.owners.length > 0) {
    const [first, ...rest] = item.owners;
    return rest.length === 0 ? holderText(first!) : `${holderText(first!)} and ${rest.length} more`;
  }
  if (item.ownerStatus === 'unreadable') return 'a process you cannot inspect';
  return item.state === 'TIME_WAIT' || item.state === 'SYN_RECV' || item.state === 'NEW_SYN_RECV'
    ? 'the kernel (no process holds it)'
    : 'no visible process';
}
