import type { Connection, NetWatchMessage, StateTick, Unreadable } from '../contract/netfiles.js';
import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { IdNames } from '../processes/user-names.js';
import { netFindings, type NetThresholds } from './net-findings.js';
import { createOwnerCache, type OwnerCacheOptions } from './owner-cache.js';
import { createFactsReader } from './process-facts.js';
import { readInetSockets } from './read-sockets.js';
import { connectionsFrom, socketInodes } from './snapshot.js';
import { tickOf, TickRing } from './state-counts.js';
import { describeUnreadable } from './unreadable.js';

interface Subscriber {
  sink: StreamSink<NetWatchMessage>;
  intervalMs: number;
  sentFirst: boolean;
}

export interface NetWatchOptions extends OwnerCacheOptions {
  procRoot: string;
  users: IdNames;
  thresholds: NetThresholds;
  ringSize: number;
  onError: (error: unknown) => void;
}

/**
 * One tick loop shared by every subscriber, running only while someone listens, at the shortest interval
 * any of them asked for. Each tick: the socket tables, owners from the cache, counts per state per process
 * into the ring, findings from the ring.
 */
export function createNetWatch(options: NetWatchOptions) {
  const subscribers = new Set<Subscriber>();
  const ring = new TickRing(options.ringSize);
  const owners = createOwnerCache(options.procRoot, options);
  let latest: Connection[] = [];
  let timer: NodeJS.Timeout | null = null;
  let timerMs = 0;

  function tick(): void {
    const now = Date.now();
    const facts = createFactsReader(options.procRoot, options.users);
    const inet = readInetSockets(options.procRoot);
    const { index, pending } = owners.resolve(socketInodes(inet), facts, performance.now());
    latest = connectionsFrom(inet, index, facts);
    const current = tickOf(now, latest);
    const history = ring.all().slice();
    ring.push(current);
    const findings = netFindings(ring.all(), latest, options.thresholds);
    const unreadableCount = latest.filter((c) => c.ownerStatus === 'unreadable').length;
    const unreadable: Unreadable = describeUnreadable(owners.deniedProcesses(), unreadableCount, 'sockets');
    for (const s of subscribers) {
      const message: NetWatchMessage = { ...current, findings, unreadable, pendingSockets: pending };
      if (!s.sentFirst) {
        message.history = history;
        s.sentFirst = true;
      }
      s.sink.next(message);
    }
  }

  function safeTick(): void {
    try {
      tick();
    } catch (error) {
      for (const s of subscribers) s.sink.fail(error);
      subscribers.clear();
      stop();
      options.onError(error);
    }
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    timerMs = 0;
    ring.clear();
    owners.clear();
    latest = [];
  }

  function retime(): void {
    const wanted = Math.min(...[...subscribers].map((s) => s.intervalMs));
    if (timer && wanted === timerMs) return;
    if (timer) clearInterval(timer);
    timerMs = wanted;
    timer = setInterval(safeTick, wanted);
    timer.unref?.();
  }

  return {
    subscribe(intervalMs: number, sink: StreamSink<NetWatchMessage>): Unsubscribe {
      const s: Subscriber = { sink, intervalMs, sentFirst: false };
      subscribers.add(s);
      retime();
      // The first message now, not an interval later.
      queueMicrotask(() => {
        if (subscribers.has(s)) safeTick();
      });
      return () => {
        if (!subscribers.delete(s)) return;
        if (subscribers.size === 0) stop();
        else retime();
      };
    },
    /** The ring and the latest connections while the loop runs; null when nobody listens. */
    current(): { ring: readonly StateTick[]; connections: readonly Connection[] } | null {
      return timer && ring.all().length > 0 ? { ring: ring.all(), connections: latest } : null;
    },
    walks: (): number => owners.walks(),
    close: stop,
  };
}
