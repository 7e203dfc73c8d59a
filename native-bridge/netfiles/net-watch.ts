import type { Connection, NetWatchMessage, StateTick, Unreadable } from '../contract/netfiles.js';
import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { IdNames } from '../procfs/id-names.js';
import type { DescriptorCache } from './descriptor-cache.js';
import { createFactsReader, type ProcessFacts } from './process-facts.js';
import { createStableConnections } from './stable-connections.js';
import { tickOf, TickRing } from './state-counts.js';
import { describeUnreadable } from './unreadable.js';
import type { Feed, SamplingClock } from '../shared/sampling-clock.js';
import type { SocketReading } from '../shared/socket-reading.js';
import { judgedSocket, socketReading } from './socket-reading.js';
import { createTimeWaitPeer } from './time-wait-peer.js';
import { createWatchSocketReader, type WatchSocketTable } from './watch-sockets.js';

interface Subscriber {
  sink: StreamSink<NetWatchMessage>;
  sentFirst: boolean;
}

/** Who reads the counts the findings engine judges: the server hands them to the findings service. */
interface ReadingListener {
  next(reading: SocketReading): void;
  fail(error: unknown): void;
}

/**
 * The live view's staleness bound for socket owners (ms), on socket links only: a new socket is placed at
 * once (its process's descriptor count changed, or a search of every link finds it), an exit or a reused pid
 * is caught each tick (start times); what is left is a socket descriptor closed and its number reused with
 * the count unchanged, while the socket lives on in another process.
 */
export const WATCH_BOUND_MS = 30_000;
/** Between sweeps a tick reuses the cached owners: a tick where no socket is new has nothing for a sweep to find. */
const WATCH_SWEEP_GAP_MS = 10_000;
/** A socket still without an owner is searched for at most this often, a bounded number of links each time. */
const WATCH_SEARCH_GAP_MS = 2000;
const WATCH_SEARCH_BUDGET = 1000;
/**
 * While only the findings engine listens (the app is open, the Network page is not), a reading every 5 s: the
 * socket rules last 30 s and more before they fire, so they judge as well at a fifth of the cost.
 */
const FINDINGS_ONLY_EVERY_MS = 5000;

export interface NetWatchOptions {
  procRoot: string;
  /** Shared with the other views of the service: one set of cached descriptor links. */
  descriptors: DescriptorCache;
  users: IdNames;
  ringSize: number;
  /** The one sampling clock: the watch ticks with every other feed. */
  clock: SamplingClock;
  /** The sock_diag helper (sock-diag.ts), null to read /proc/net/tcp* (watch-sockets.ts says why it matters). */
  sockDiagHelper?: string | null;
  /** Replaces the socket reader (the bench measures the old whole-table reader through it). */
  sockets?: { read(): Promise<WatchSocketTable> | WatchSocketTable; close(): void; helperPid?(): number | undefined };
  onError: (error: unknown) => void;
}

/** The sock_diag reader, falling back to /proc/net/tcp (said once) when the helper cannot run. */
function socketReaderOf(options: NetWatchOptions): NonNullable<NetWatchOptions['sockets']> {
  let fellBack = false;
  return createWatchSocketReader({
    procRoot: options.procRoot,
    helper: options.sockDiagHelper ?? null,
    onFallback(error) {
      if (fellBack) return;
      fellBack = true;
      options.onError(new Error(`The connections view reads /proc/net/tcp from now on (dearer with many TIME_WAIT sockets): ${error.message}`));
    },
  });
}

/**
 * Sweeps the descriptor cache when a socket is new, one is still looked for, or every few seconds. While only
 * the findings engine listens, owners are looked for only where a rule reads them, and never on a schedule: on
 * a busy machine (a browser's thousands of descriptors) the sweep is most of what the watch costs.
 */
class OwnerSweeps {
  sweeps = 0;
  /** Sockets with no owner yet that are still looked for. */
  pending = 0;

  constructor(private readonly cache: DescriptorCache) {}

  /** Returns the processes whose descriptors could not be read. */
  place(inet: WatchSocketTable['sockets'], findingsOnly: boolean): number {
    const cache = this.cache;
    const at = performance.now();
    const last = cache.lastSweepAt();
    const wanted = findingsOnly ? inet.filter((s) => judgedSocket(s.protocol, s.state, s.rxQueue)) : inet;
    const periodic = !findingsOnly && (last === null || at - last >= WATCH_SWEEP_GAP_MS);
    if (periodic || cache.hasNewMissing(wanted) || (this.pending > 0 && last !== null && at - last >= WATCH_SEARCH_GAP_MS)) {
      const sweep = cache.sweep(at, wanted, { boundMs: WATCH_BOUND_MS, purpose: 'sockets', searchBudget: WATCH_SEARCH_BUDGET });
      this.sweeps++;
      this.pending = sweep.pending;
      return sweep.denied;
    }
    // Owners change only in sweeps: with nothing new missing, only the sockets already pending can be.
    if (this.pending > 0) this.pending = cache.missing(wanted);
    return cache.deniedProcesses();
  }
}

type Build = ReturnType<typeof createStableConnections>;

function connectionsOf(options: NetWatchOptions, build: Build, inet: WatchSocketTable['sockets'], denied: number): Connection[] {
  const facts = createFactsReader(options.procRoot, options.users);
  const cache = options.descriptors;
  // An owner counts only while its pid still belongs to the process the cache read it from.
  const current = (pid: number): ProcessFacts | null => {
    const f = facts(pid);
    return f && f.startTime === cache.startTimeOf(pid) ? f : null;
  };
  return build(inet, { socketOwners: cache.socketOwners(), anyDenied: denied > 0 }, current);
}

/** The tick's counts to every window; one that just subscribed gets the ring's history with them. */
function publish(subscribers: ReadonlySet<Subscriber>, counts: StateTick, unreadable: Unreadable, pendingSockets: number, history: StateTick[]): void {
  for (const s of subscribers) {
    const message: NetWatchMessage = { ...counts, unreadable, pendingSockets };
    if (!s.sentFirst) {
      message.history = history;
      s.sentFirst = true;
    }
    s.sink.next(message);
  }
}

/** Keeps the feed running while `member` stays in `set`; the first message comes now, not an interval later. */
function join<T>(feed: Feed<void>, set: Set<T>, member: T, fail: (error: unknown) => void): Unsubscribe {
  set.add(member);
  const stop = feed.subscribe({
    next: () => undefined,
    fail(error) {
      set.delete(member);
      fail(error);
    },
  });
  void feed.tickNow();
  return () => {
    if (set.delete(member)) stop();
  };
}

/**
 * One feed on the sampling clock shared by every subscriber, ticking only while someone listens. Each tick: the socket tables, owners from the descriptor cache (swept incrementally
 * when a socket is new or every few seconds), counts per state per process into the ring, and the counts the
 * findings engine judges (socket-reading.ts) for whoever asked for them.
 * TIME_WAIT sockets are counted, never listed: they have no owner to show, and a machine under a load test
 * holds tens of thousands of them (watch-sockets.ts); nothing per tick is spent on each of them.
 */
export function createNetWatch(options: NetWatchOptions) {
  const subscribers = new Set<Subscriber>();
  const ring = new TickRing(options.ringSize);
  const readers = new Set<ReadingListener>();
  const build = createStableConnections();
  const owners = new OwnerSweeps(options.descriptors);
  const sockets = options.sockets ?? socketReaderOf(options);
  const peers = createTimeWaitPeer(options.procRoot);
  /** Bumped by a stop: a tick that was reading when the feed stopped keeps nothing. */
  let generation = 0;
  /** performance.now() of the last tick that read the sockets. */
  let lastReadAt: number | null = null;

  /** The socket tables, or null when this tick is skipped (only findings listen, read recently) or the feed stopped meanwhile. */
  async function readTable(): Promise<WatchSocketTable | null> {
    const mine = generation;
    const startedAt = performance.now();
    if (subscribers.size === 0 && lastReadAt !== null && startedAt - lastReadAt < FINDINGS_ONLY_EVERY_MS - 250) return null;
    lastReadAt = startedAt;
    try {
      const table = await sockets.read();
      return mine === generation ? table : null;
    } catch (error) {
      if (mine !== generation) return null;
      throw error;
    }
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    const table = await readTable();
    if (!table) return;
    const denied = owners.place(table.sockets, subscribers.size === 0);
    const latest = connectionsOf(options, build, table.sockets, denied);
    const counts = tickOf(now, latest, { TIME_WAIT: table.timeWait });
    const history = ring.all().slice();
    ring.push(counts);
    if (readers.size > 0) {
      const reading = socketReading(now, latest, table.timeWait, () => peers.peer());
      for (const r of readers) r.next(reading);
    }
    const unreadable = describeUnreadable(denied, latest.filter((c) => c.ownerStatus === 'unreadable').length, 'sockets');
    publish(subscribers, counts, unreadable, owners.pending, history);
  }

  function reset(): void {
    generation++;
    lastReadAt = null;
    sockets.close();
    peers.clear();
    ring.clear();
    owners.pending = 0;
  }

  const feed = options.clock.feed({
    name: 'network watch',
    tick,
    stop: reset,
    onFailure: 'stop',
  });

  return {
    subscribe(sink: StreamSink<NetWatchMessage>): Unsubscribe {
      const s: Subscriber = { sink, sentFirst: false };
      return join(feed, subscribers, s, (error) => {
        sink.fail(error);
        // Said once, not once per window that was watching.
        if (subscribers.size === 0) options.onError(error);
      });
    },
    /**
     * The counts the findings engine judges, one reading per tick, while the listener stays: it keeps the feed
     * running as a subscriber of the stream would (the one socket sampler, never a second).
     */
    readings: (listener: ReadingListener): Unsubscribe => join(feed, readers, listener, (error) => listener.fail(error)),
    /** Descriptor sweeps the loop has made. */
    sweeps: (): number => owners.sweeps,
    /** The sock_diag helper's pid while it runs (the bench adds its CPU). */
    helperPid: (): number | undefined => sockets.helperPid?.(),
    close(): void {
      subscribers.clear();
      reset();
    },
  };
}
