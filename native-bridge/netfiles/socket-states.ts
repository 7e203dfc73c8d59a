import type { SocketState } from '../contract/netfiles.js';

// include/net/tcp_states.h: the hex `st` column of /proc/net/tcp*.
const TCP: readonly SocketState[] = [
  'UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT',
  'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
];

export function tcpStateName(code: number): SocketState {
  return TCP[code] ?? 'UNKNOWN';
}

/** UDP reuses the TCP codes: 7 (CLOSE) is a bound socket without a peer, which ss calls UNCONN. */
export function udpStateName(code: number): SocketState {
  if (code === 7) return 'UNCONN';
  if (code === 1) return 'ESTABLISHED';
  return tcpStateName(code);
}

// include/uapi/linux/net.h socket_state, the `St` column of /proc/net/unix.
const UNIX: readonly SocketState[] = ['UNKNOWN', 'UNCONN', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'];

export function unixStateName(code: number): SocketState {
  return UNIX[code] ?? 'UNKNOWN';
}
