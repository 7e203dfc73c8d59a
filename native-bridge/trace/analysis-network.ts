import type { CallEvent, FailingCall, NetworkEntry } from '../contract/trace.js';
import { relatedNames } from './analysis-failures.js';
import type { ConnectOutcome } from './deferred.js';
import { explainFailure, outcomeText } from './explain.js';
import { parseSocketAnnotation, parseSockAddr, splitAnnotated } from './targets.js';

interface MutableEndpoint extends Pick<NetworkEntry, 'op' | 'family' | 'address' | 'count' | 'lastErrno' | 'firstTime' | 'lastTime'> {
  ok: number;
  errors: Map<string, number>;
  /** The sentence of the last failure when it is not the errno's usual one (a program giving up, a DNS answer). */
  lastSentence: string | null;
  lastArgs: readonly string[];
  firstSeq: number;
}

/** The outcome is not the call's return (a DNS answer saying the name does not exist). */
export interface ErrnoOverride {
  errno: string;
  sentence: string;
}

function familyOf(e: CallEvent): string {
  const sa = e.argsText.includes('sa_family=') ? parseSockAddr(e.argsText) : null;
  if (sa) return sa.family;
  const ann = e.name.startsWith('accept') ? e.retAnnotation : e.args[0] ? splitAnnotated(e.args[0]).annotation : null;
  return (ann ? parseSocketAnnotation(ann) : null)?.proto ?? 'unknown';
}

function countError(n: MutableEndpoint, errno: string, sentence: string | null): void {
  n.errors.set(errno, (n.errors.get(errno) ?? 0) + 1);
  n.lastErrno = errno;
  n.lastSentence = sentence;
}

function toNetworkEntry(n: MutableEndpoint): NetworkEntry {
  return {
    op: n.op,
    family: n.family,
    address: n.address,
    count: n.count,
    results: { ok: n.ok, errors: Object.fromEntries(n.errors) },
    lastErrno: n.lastErrno,
    firstTime: n.firstTime,
    lastTime: n.lastTime,
    outcome: outcomeText(n.ok, n.errors, n.count - n.ok - [...n.errors.values()].reduce((a, b) => a + b, 0)),
    sentence: n.lastErrno ? (n.lastSentence ?? explainFailure(n.op, n.lastArgs, n.lastErrno, n.address)) : null,
  };
}

/** Every address the trace talked to, per call, and what later made up for a failure (a working connect, an answer). */
export class EndpointTable {
  private readonly endpoints = new Map<string, MutableEndpoint>();
  /** Successful connects by pid and port, newest seq: a refusal followed by a working connect was recovered from. */
  private readonly connectedPorts = new Map<string, number>();
  /** DNS names that were answered, newest seq: a search-domain variant that did not exist is then not the problem. */
  private readonly resolvedNames = new Map<string, number>();
  dropped = 0;

  constructor(private readonly limit: number) {}

  add(e: CallEvent, address: string, override: ErrnoOverride | null): void {
    const key = `${e.name}\0${address}`;
    let n = this.endpoints.get(key);
    if (!n) {
      n = {
        op: e.name, family: familyOf(e), address, count: 0, ok: 0, errors: new Map(),
        lastErrno: null, lastSentence: null, lastArgs: e.args, firstTime: e.time, lastTime: e.time, firstSeq: e.seq,
      };
      if (this.endpoints.size >= this.limit) {
        this.dropped++;
        return;
      }
      this.endpoints.set(key, n);
    }
    n.count++;
    n.lastTime = e.time;
    n.lastArgs = e.args;
    const errno = override?.errno ?? e.errno;
    // A non-blocking connect in progress is neither ok nor failed yet: its outcome comes later (deferred.ts).
    if (errno === 'EINPROGRESS' || errno === 'EALREADY') return;
    if (errno) countError(n, errno, override?.sentence ?? null);
    else {
      n.ok++;
      if (e.name === 'connect') this.connected(e.pid, address, e.seq);
    }
  }

  /** The outcome of a non-blocking connect, learned from a later call: counted on the connect's own row. */
  settle(o: ConnectOutcome): void {
    const n = this.endpoints.get(`connect\0${o.pending.target}`);
    if (o.kind === 'ok') {
      if (n) n.ok++;
      this.connected(o.pending.connect.pid, o.pending.target, o.pending.connect.seq);
    } else if (n) {
      countError(n, o.errno, o.sentence);
      n.lastTime = o.via.time;
    }
  }

  private connected(pid: number, address: string, seq: number): void {
    const key = `${pid}:${address.slice(address.lastIndexOf(':') + 1)}`;
    if (this.connectedPorts.size < 10_000 || this.connectedPorts.has(key)) this.connectedPorts.set(key, seq);
  }

  resolved(name: string, seq: number): void {
    this.resolvedNames.set(name, seq);
  }

  /** A later connect to the same port, or a later answer for the same name, made up for this failure. */
  recovered(call: FailingCall): boolean {
    const target = call.target ?? '';
    const port = target.slice(target.lastIndexOf(':') + 1);
    if (call.name === 'connect' && (this.connectedPorts.get(`${call.pid}:${port}`) ?? -1) > call.seq) return true;
    return [...this.resolvedNames].some(([name, seq]) => seq > call.seq && relatedNames(name, target));
  }

  entries(cap: number): { list: NetworkEntry[]; truncated: number } {
    const all = [...this.endpoints.values()].sort((a, b) => Number(b.errors.size > 0) - Number(a.errors.size > 0) || a.firstSeq - b.firstSeq);
    return { list: all.slice(0, cap).map(toNetworkEntry), truncated: this.dropped + Math.max(0, all.length - cap) };
  }
}
