import { borrowProcBytes } from '../procfs/read.js';
import { joinHostPort } from './inet-address.js';
import { countTimeWaitRemotes, decodeEndpoint } from './parse-inet-sockets.js';

/**
 * How old the peer named in the TIME_WAIT finding may be (ms). Naming it means reading every TIME_WAIT socket
 * (the one thing the live view otherwise never does), so it is read at most this often and only while the
 * finding is being said; TIME_WAIT sockets live 60 s, so the peer most of them are with changes slowly.
 */
export const TIME_WAIT_PEER_MS = 30_000;

/** The remote end most TIME_WAIT sockets are with ('' when there are none), from /proc/net/tcp{,6}. */
export function readTimeWaitPeer(procRoot: string): string {
  const counts = new Map<string, number>();
  for (const table of ['tcp', 'tcp6']) {
    const read = borrowProcBytes(`${procRoot}/net/${table}`);
    if (read.ok) countTimeWaitRemotes(read.bytes, read.bytes.length, counts);
  }
  let best = '';
  let most = 0;
  for (const [field, n] of counts) {
    if (n > most) {
      best = field;
      most = n;
    }
  }
  const end = best ? decodeEndpoint(best) : null;
  return end ? joinHostPort(end.address, end.port) : '';
}

/** readTimeWaitPeer, kept for TIME_WAIT_PEER_MS. */
export function createTimeWaitPeer(procRoot: string, maxAgeMs = TIME_WAIT_PEER_MS) {
  let cached: { at: number; peer: string } | null = null;
  return {
    peer(now = performance.now()): string {
      if (cached && now - cached.at < maxAgeMs) return cached.peer;
      cached = { at: now, peer: readTimeWaitPeer(procRoot) };
      return cached.peer;
    },
    clear(): void {
      cached = null;
    },
  };
}
