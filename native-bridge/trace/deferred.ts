import type { CallEvent } from '../contract/trace.js';
import { splitAnnotated } from './targets.js';

/**
 * Non-blocking connects: `connect() = -1 EINPROGRESS` says nothing about the outcome. The kernel tells it
 * later — in the value getsockopt(SO_ERROR) fills in (the call itself returns 0), in the first send or
 * receive on the socket, or not at all when the program gives up after its polls time out and closes the
 * socket. This follows each pending connect per pid and fd until one of those says how it ended.
 */

export interface PendingConnect {
  pid: number;
  fd: string;
  /** The address it connects to, as the network list shows it. */
  target: string;
  connect: CallEvent;
  timedOutPolls: number;
  waitedSeconds: number;
}

/** Where the outcome was learned: a later call, or the end of the process. */
export interface Revealer {
  seq: number;
  pid: number;
  time: string;
  t: number;
}

export type ConnectOutcome =
  | { kind: 'ok'; pending: PendingConnect }
  | {
      kind: 'failed';
      pending: PendingConnect;
      errno: string;
      /** strace-style text plus how it was learned: "Connection refused, reported later by getsockopt SO_ERROR". */
      errnoText: string;
      via: Revealer;
      /** Replaces the usual sentence for this errno (a program giving up is not the kernel timing out). */
      sentence: string | null;
    };

export interface Observation {
  outcome: ConnectOutcome | null;
  /** The call belongs to the pending attempt (connect again → EALREADY/EISCONN): not a new attempt or failure. */
  sameAttempt: boolean;
}

export interface DeferredConnects {
  /** Call for every complete call event, before counting it. */
  observe(e: CallEvent): Observation;
  /** A process ended: connects it was still waiting on after timed-out polls were given up on. */
  exited(via: Revealer): ConnectOutcome[];
  /** The address the socket on this fd was connected to (pending or not), for reading DNS replies. */
  peerOf(pid: number, fd: string): string | null;
}

/** Errors the kernel keeps on the socket after a failed handshake and returns from the next call on it. */
const CONNECT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EHOSTDOWN', 'ENETDOWN']);
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ECONNABORTED: 'Software caused connection abort',
  EHOSTDOWN: 'Host is down',
  ENETDOWN: 'Network is down',
};
const DATA_CALLS = new Set(['write', 'writev', 'send', 'sendto', 'sendmsg', 'sendmmsg', 'read', 'readv', 'recv', 'recvfrom', 'recvmsg', 'recvmmsg']);
const WAIT_CALLS = new Set(['poll', 'ppoll', 'select', 'pselect6']);
const NEW_FD_CALLS = new Set(['socket', 'accept', 'accept4', 'open', 'openat', 'dup', 'dup2', 'dup3', 'fcntl']);
const MAX_TRACKED = 10_000;
/** Every call this looks at; the rest (most of a trace) is passed over at the cost of one lookup. */
const RELEVANT = new Set(['connect', 'getsockopt', 'getpeername', 'close', ...DATA_CALLS, ...WAIT_CALLS, ...NEW_FD_CALLS]);

function fdOf(arg: string | undefined): string | null {
  if (arg === undefined) return null;
  const v = splitAnnotated(arg).value;
  return /^\d+$/.test(v) ? v : null;
}

/** The fds a poll/select waited on: `[{fd=5<TCP:[…]>, events=POLLOUT}, …]` or select's `[5 7]` sets. */
function waitedFds(e: CallEvent): string[] {
  if (e.name === 'poll' || e.name === 'ppoll') return [...(e.args[0] ?? '').matchAll(/fd=(\d+)/g)].map((m) => m[1]!);
  // select(nfds, readfds, writefds, exceptfds, timeout): a connect waits in writefds.
  return [...(e.args[2] ?? '').matchAll(/(\d+)/g)].map((m) => m[1]!);
}

/** Seconds a wait call was allowed to wait, from its timeout argument (poll: ms; others: a timespec/timeval). */
function timeoutSeconds(e: CallEvent): number {
  if (e.name === 'poll') return Math.max(0, Number.parseInt(e.args[2] ?? '0', 10) || 0) / 1000;
  const arg = e.name === 'ppoll' ? e.args[2] : e.args[4];
  const sec = /tv_sec=(\d+)/.exec(arg ?? '')?.[1];
  const frac = /tv_(n|u)sec=(\d+)/.exec(arg ?? '');
  if (sec === undefined) return 0;
  return Number(sec) + (frac ? Number(frac[2]) / (frac[1] === 'n' ? 1e9 : 1e6) : 0);
}

function seconds(n: number): string {
  return n >= 10 ? `${Math.round(n)} s` : `${n.toFixed(1)} s`;
}

// eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
export function createDeferredConnects(): DeferredConnects {
  const pending = new Map<string, PendingConnect>();
  /** Connected (or connecting) peers by pid and fd, for telling a DNS reply from other traffic. */
  const peers = new Map<string, string>();

  const key = (pid: number, fd: string): string => `${pid}:${fd}`;

  /** Oldest out first: a long trace of a server with many sockets must not grow without end. */
  function makeRoom(map: Map<string, unknown>): void {
    if (map.size < MAX_TRACKED) return;
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }

  function failed(p: PendingConnect, errno: string, how: string, via: Revealer, sentence: string | null = null): ConnectOutcome {
    const text = ERRNO_TEXT[errno];
    return { kind: 'failed', pending: p, errno, errnoText: `${text ? `${text}, ` : ''}reported later by ${how}`, via, sentence };
  }

  function gaveUp(p: PendingConnect, how: string, via: Revealer): ConnectOutcome {
    const sentence =
      `it gave up connecting to ${p.target} after ${seconds(p.waitedSeconds)} without an answer ` +
      '(the host is down, a firewall drops the packets, or the server is too busy to accept)';
    return failed(p, 'ETIMEDOUT', how, via, sentence);
  }

  function settle(k: string): PendingConnect | null {
    const p = pending.get(k);
    if (!p) return null;
    pending.delete(k);
    return p;
  }

  const none: Observation = { outcome: null, sameAttempt: false };

  return {
    observe(e) {
      if (!RELEVANT.has(e.name) || (e.state !== 'complete' && e.state !== 'orphan')) return none;
      // Reads, writes and waits matter only while a connect is pending (the common case: none is).
      if (pending.size === 0 && (DATA_CALLS.has(e.name) || WAIT_CALLS.has(e.name))) return none;
      if (pending.size === 0 && peers.size === 0 && e.name !== 'connect' && e.name !== 'getsockopt' && e.name !== 'getpeername') return none;
      const fd = fdOf(e.args[0]);
      if (e.name === 'connect' && fd !== null && e.target !== null) {
        const k = key(e.pid, fd);
        const p = pending.get(k);
        if (p) {
          // Connecting again on the same socket asks the kernel how the first attempt is going.
          if (e.errno === 'EALREADY' || e.errno === 'EINPROGRESS') return { outcome: null, sameAttempt: true };
          pending.delete(k);
          if (e.errno === null || e.errno === 'EISCONN') return { outcome: { kind: 'ok', pending: p }, sameAttempt: true };
          if (CONNECT_ERRNOS.has(e.errno)) return { outcome: failed(p, e.errno, 'connect called again', e), sameAttempt: true };
        }
        makeRoom(peers);
        peers.set(k, e.target);
        if (e.errno === 'EINPROGRESS') {
          makeRoom(pending);
          pending.set(k, { pid: e.pid, fd, target: e.target, connect: e, timedOutPolls: 0, waitedSeconds: 0 });
        }
        return none;
      }
      if (e.name === 'getsockopt' && fd !== null && e.args[2] === 'SO_ERROR' && e.errno === null) {
        const value = /^\[(\w+)\]$/.exec(e.args[3] ?? '')?.[1];
        if (value === undefined) return none;
        const p = settle(key(e.pid, fd));
        if (!p) return none;
        if (value === '0') return { outcome: { kind: 'ok', pending: p }, sameAttempt: false };
        return { outcome: failed(p, value, 'getsockopt SO_ERROR', e), sameAttempt: false };
      }
      if (e.name === 'getpeername' && fd !== null && e.errno === null) {
        const p = settle(key(e.pid, fd));
        return p ? { outcome: { kind: 'ok', pending: p }, sameAttempt: false } : none;
      }
      if (DATA_CALLS.has(e.name) && fd !== null) {
        const k = key(e.pid, fd);
        if (!pending.has(k) || e.errno === 'EAGAIN' || e.errno === 'EWOULDBLOCK' || e.errno === 'EINTR') return none;
        if (e.errno === null) return { outcome: { kind: 'ok', pending: settle(k)! }, sameAttempt: false };
        if (CONNECT_ERRNOS.has(e.errno)) return { outcome: failed(settle(k)!, e.errno, `the ${e.name} that followed`, e), sameAttempt: true };
        return none;
      }
      if (WAIT_CALLS.has(e.name) && e.ret === '0' && e.errno === null) {
        const limit = timeoutSeconds(e);
        for (const waited of waitedFds(e)) {
          const p = pending.get(key(e.pid, waited));
          if (!p) continue;
          p.timedOutPolls++;
          p.waitedSeconds += Math.max(e.duration ?? 0, limit);
        }
        return none;
      }
      if (e.name === 'close' && fd !== null && e.errno === null) {
        const k = key(e.pid, fd);
        peers.delete(k);
        const p = settle(k);
        // Closed after waiting in vain: the program gave up. Closed without waiting: we cannot tell.
        if (p && p.timedOutPolls > 0 && p.waitedSeconds > 0) return { outcome: gaveUp(p, 'close after its waits timed out', e), sameAttempt: false };
        return none;
      }
      if (NEW_FD_CALLS.has(e.name) && e.errno === null && e.ret !== null && /^\d+$/.test(e.ret)) {
        // The fd number is reused for something else: whatever was pending on it is over, unseen.
        if (e.name === 'fcntl' && !(e.args[1] ?? '').startsWith('F_DUPFD')) return none;
        const k = key(e.pid, e.ret);
        pending.delete(k);
        peers.delete(k);
      }
      return none;
    },
    exited(via) {
      const out: ConnectOutcome[] = [];
      for (const [k, p] of pending) {
        if (p.pid !== via.pid) continue;
        pending.delete(k);
        if (p.timedOutPolls > 0 && p.waitedSeconds > 0) out.push(gaveUp(p, 'the end of the process after its waits timed out', via));
      }
      return out;
    },
    peerOf(pid, fd) {
      return peers.get(key(pid, fd)) ?? null;
    },
  };
}
