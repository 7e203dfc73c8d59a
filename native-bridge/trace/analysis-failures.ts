import { posix } from 'node:path';
import type { CallEvent, FailingCall, FailureGroup } from '../contract/trace.js';
import { errnoRank, explainFailure, isOptionalFileProbe, noiseReason } from './explain.js';

export interface MutableGroup extends Omit<FailureGroup, 'noise'> {
  noise: boolean;
}

export interface RecentEntry {
  call: FailingCall;
  group: MutableGroup;
}

/** A failure worked out from a later call (SO_ERROR, a DNS answer): never noise, and its sentence when it has one. */
export interface Derived {
  sentence: string | null;
}

export const PROBE_CALLS = new Set(['execve', 'stat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2', 'lstat']);
const RECENT_FAILURES = 40;

export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** `foo.corp.example` (a search-domain try) and `foo` are the same lookup. */
export function relatedNames(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function failedLine(e: CallEvent, errno: string): string {
  return clip(`${e.name}(${e.argsText}) = ${e.ret ?? '?'} ${errno}${e.errnoText ? ` (${e.errnoText})` : ''}`, 600);
}

function newGroup(e: CallEvent, errno: string, derived: Derived | null): MutableGroup {
  const reason = derived ? null : noiseReason(e.name, errno, e.target);
  return {
    name: e.name,
    errno,
    errnoText: e.errnoText,
    target: e.target,
    count: 0,
    firstTime: e.time,
    lastTime: e.time,
    firstSeq: e.seq,
    lastSeq: e.seq,
    // "Does it exist?" checks that say no are often normal; a failed open or connect is more telling.
    // An optional config file (~/.curlrc) that is not there is usually fine: ranked below real refusals.
    rank:
      errnoRank(errno) +
      ((errno === 'ENOENT' && PROBE_CALLS.has(e.name) && e.name !== 'execve') || isOptionalFileProbe(e.name, e.args, errno, e.target) ? 1 : 0),
    noise: reason !== null,
    noiseReason: reason,
    sentence: derived?.sentence ?? explainFailure(e.name, e.args, errno, e.target),
    example: failedLine(e, errno),
  };
}

function pushRing(ring: RecentEntry[], entry: RecentEntry): void {
  ring.push(entry);
  if (ring.length > RECENT_FAILURES) ring.shift();
}

/** Failed calls grouped by call, errno and target, and the last few in order (what "why did it end" reads). */
export class FailureBook {
  private readonly groups = new Map<string, MutableGroup>();
  /** ENOENT groups from looking a program up in each PATH directory, by the name looked for. */
  private readonly probes = new Map<string, MutableGroup[]>();
  readonly recent: RecentEntry[] = [];
  /** Failures that did not look like noise when they happened, kept apart so a flood of noise cannot push them out. */
  readonly recentReal: RecentEntry[] = [];
  /** Set when the main process ended: later failures are counted, but they are not why it ended. */
  frozen = false;
  count = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  get probing(): boolean {
    return this.probes.size > 0;
  }

  /** `e.errno` is set: the call failed (or `derived` says how it did). */
  add(e: CallEvent, derived: Derived | null = null): void {
    this.count++;
    const errno = e.errno!;
    const key = `${e.name}\0${errno}\0${e.target ?? ''}`;
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(e, errno, derived);
      if (this.groups.size < this.limit) this.groups.set(key, g);
      else this.dropped++;
    }
    g.count++;
    g.lastTime = e.time;
    g.lastSeq = e.seq;
    if (g.count === 1 && errno === 'ENOENT' && PROBE_CALLS.has(e.name) && e.target !== null && !g.noise) this.notePathProbe(e.target, g);
    if (this.frozen) return;
    const entry: RecentEntry = {
      call: { seq: e.seq, pid: e.pid, time: e.time, name: e.name, errno, target: e.target, sentence: g.sentence, line: failedLine(e, errno) },
      group: g,
    };
    pushRing(this.recent, entry);
    if (!g.noise) pushRing(this.recentReal, entry);
  }

  private notePathProbe(path: string, g: MutableGroup): void {
    const base = posix.basename(path);
    const list = this.probes.get(base);
    if (list) {
      if (list.length < 64) list.push(g);
    } else if (this.probes.size < 2000) this.probes.set(base, [g]);
  }

  /** A program found in one PATH directory makes the misses in the others part of the search, not a symptom. */
  foundProgram(path: string): void {
    const base = posix.basename(path);
    const list = this.probes.get(base);
    if (!list) return;
    this.probes.delete(base);
    for (const g of list) {
      if (g.target !== path) {
        g.noise = true;
        g.noiseReason = 'looking for a program in each directory of the PATH';
      }
    }
  }

  /** A name that was answered makes the failed lookups of its search-domain variants part of the search. */
  resolved(name: string): void {
    for (const g of this.groups.values()) {
      if (g.target && !g.noise && (g.errno === 'NXDOMAIN' || g.errno === 'SERVFAIL') && relatedNames(g.target, name)) {
        g.noise = true;
        g.noiseReason = 'trying the search domains of /etc/resolv.conf before the name that was found';
      }
    }
  }

  entries(cap: number): { list: FailureGroup[]; truncated: number } {
    const all = [...this.groups.values()].sort((a, b) => Number(a.noise) - Number(b.noise) || a.rank - b.rank || b.lastSeq - a.lastSeq);
    return { list: all.slice(0, cap).map((g) => ({ ...g })), truncated: this.dropped + Math.max(0, all.length - cap) };
  }
}
