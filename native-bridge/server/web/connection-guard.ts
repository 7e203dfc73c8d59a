import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Hard cap on open connections; the rest of the descriptor limit stays free for /proc reads and tools. */
  maxConnections: number;
  /** Connections from one address that have not yet shown the secret; the oldest is dropped beyond this. */
  maxPendingPerPeer: number;
  /** How long a connection may stay open without showing the secret. */
  pendingTimeoutMs: number;
}

/** The soft RLIMIT_NOFILE from /proc/self/limits; 1024 (the usual default) when it cannot be read. */
export function openFileLimit(limitsText?: string): number {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return 1024;
    }
  }
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!match) return 1024;
  return match[1] === 'unlimited' ? 1_048_576 : Number(match[1]);
}

/** A quarter of the descriptors for browsers and scripts, at most 2,048; a handful of tabs needs far fewer. */
export function defaultLimits(nofile = openFileLimit()): ConnectionLimits {
  return { maxConnections: Math.max(32, Math.min(2048, Math.floor(nofile / 4))), maxPendingPerPeer: 64, pendingTimeoutMs: 10_000 };
}

export interface ConnectionGuard {
  /** The connection carried a valid secret: it is no longer subject to the pending limits. */
  trust(socket: Socket): void;
}

/**
 * Without the token nobody may hold descriptors for long: a connection that has not authenticated is closed
 * after pendingTimeoutMs, and when one address holds too many such connections its oldest is dropped, so a
 * flood of idle sockets can neither exhaust descriptors nor lock out the user's own browser.
 */
export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  server.maxConnections = limits.maxConnections;
  // Also bound the HTTP parser itself: headers must arrive quickly, a whole request within a minute.
  server.headersTimeout = Math.min(server.headersTimeout, limits.pendingTimeoutMs);
  server.requestTimeout = 60_000;
  const pendingByPeer = new Map<string, Set<Socket>>();
  const timers = new WeakMap<Socket, NodeJS.Timeout>();

  function release(socket: Socket): void {
    const timer = timers.get(socket);
    if (timer) clearTimeout(timer);
    timers.delete(socket);
    const peer = socket.remoteAddress ?? '?';
    const set = pendingByPeer.get(peer);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) pendingByPeer.delete(peer);
  }

  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? '?';
    let set = pendingByPeer.get(peer);
    if (!set) pendingByPeer.set(peer, (set = new Set()));
    set.add(socket);
    if (set.size > limits.maxPendingPerPeer) {
      // Sets iterate in insertion order: the first one is the oldest.
      const oldest = set.values().next().value;
      if (oldest) {
        release(oldest);
        oldest.destroy();
      }
    }
    const timer = setTimeout(() => {
      release(socket);
      socket.destroy();
    }, limits.pendingTimeoutMs);
    timer.unref();
    timers.set(socket, timer);
    socket.once('close', () => release(socket));
  });

  return { trust: release };
}
