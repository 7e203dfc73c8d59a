import type { CallEvent, TraceAnalysis, TraceEvent, WhyEnded } from '../contract/trace.js';
import { clip, FailureBook, PROBE_CALLS, type RecentEntry } from './analysis-failures.js';
import { EndpointTable, type ErrnoOverride } from './analysis-network.js';
import { CallStats, FileTable, ProcessTable } from './analysis-tables.js';
import { createDeferredConnects, type ConnectOutcome } from './deferred.js';
import { decodeCBytes, parseDnsAnswer, RCODE_NAMES, rcodeMeaning, receivedPayload } from './dns-answer.js';
import { isHeadlineFailure } from './explain.js';
import type { InFlight } from './event-parser.js';
import { endSentence } from './end-sentence.js';
import { splitAnnotated } from './targets.js';

export interface AnalysisLimits {
  failureGroups: number;
  files: number;
  endpoints: number;
  processes: number;
  slowest: number;
}

const DEFAULT_LIMITS: AnalysisLimits = { failureGroups: 5000, files: 10000, endpoints: 2000, processes: 5000, slowest: 20 };

/** How many of each list a snapshot carries (the UI pages through the rest via filters). */
export interface SnapshotCaps {
  failures: number;
  files: number;
  network: number;
  processes: number;
}

const DEFAULT_CAPS: SnapshotCaps = { failures: 200, files: 500, network: 200, processes: 500 };

export interface Analysis {
  add(event: TraceEvent): void;
  /** The pid whose end "why did it end" explains; defaults to the first pid seen. */
  setMainPid(pid: number): void;
  snapshot(extra: { lines: number; unparsed: number; inFlight: InFlight[] }, caps?: Partial<SnapshotCaps>): TraceAnalysis;
}

interface Ending {
  exit: Extract<TraceEvent, { kind: 'exit' }>;
  lastSignal: string | null;
}

const NETWORK_OPS = new Set(['connect', 'bind', 'listen', 'accept', 'accept4', 'sendto', 'sendmsg', 'recvfrom', 'recvmsg', 'sendmmsg']);

/** `127.0.0.53:53`, `[::1]:53`: where a resolver sends its queries. */
function isDnsServer(address: string): boolean {
  return address.endsWith(':53') && !address.startsWith('/');
}

/** A failed call made from a connect whose outcome a later call revealed. */
function revealedFailure(o: Extract<ConnectOutcome, { kind: 'failed' }>): CallEvent {
  const { via } = o;
  return { ...o.pending.connect, seq: via.seq, pid: via.pid, time: via.time, t: via.t, ret: '-1', errno: o.errno, errnoText: o.errnoText, duration: null };
}

/**
 * A failed connection or name lookup that nothing later made up for: the program was talking to the
 * network, and that is why it stopped, even when a missing optional file comes after it.
 */
function headline(real: readonly RecentEntry[], network: EndpointTable): RecentEntry | null {
  for (let i = real.length - 1; i >= 0; i--) {
    const r = real[i]!;
    if (isHeadlineFailure(r.group.errno) && !r.group.noise && !network.recovered(r.call)) return r;
  }
  return null;
}

/** The most telling of the last few failures (ECONNREFUSED over a later ENOTCONN probe). */
function mostTelling(entries: readonly RecentEntry[]): RecentEntry | undefined {
  let key = entries[entries.length - 1];
  for (const entry of entries) if (key && entry.group.rank <= key.group.rank) key = entry;
  return key;
}

/** "Why did it end" (or, while it runs, what went wrong last): the end itself and the failures that explain it. */
function whyEnded(pid: number, end: Ending | null, lastSignal: string | null, failures: FailureBook, network: EndpointTable): WhyEnded {
  const real = failures.recentReal.filter((r) => !r.group.noise);
  // A missing library is "noise" until it is the only failure: then it is the answer.
  const lastEntries = (real.length > 0 ? real : failures.recent).slice(-5);
  const networkCause = headline(real, network);
  const key = networkCause ?? mostTelling(lastEntries) ?? null;
  const last = lastEntries.map((r) => r.call);
  if (key && !last.includes(key.call)) last.splice(0, last.length >= 5 ? 1 : 0, key.call);
  const base = {
    pid,
    state: end === null ? ('running' as const) : end.exit.signal ? ('killed' as const) : ('exited' as const),
    code: end?.exit.code ?? null,
    signal: end?.exit.signal ?? null,
    coreDumped: end?.exit.coreDumped ?? false,
    time: end?.exit.time ?? null,
    lastFailures: last,
    lastSignal: end ? end.lastSignal : lastSignal,
  };
  return { ...base, sentence: endSentence(base, key?.call ?? null, networkCause !== null) };
}

/** A reply from a DNS server (port 53): the call succeeded, the answer may still say the name does not exist. */
function readDnsReply(e: CallEvent, address: string, failures: FailureBook, network: EndpointTable): ErrnoOverride | null {
  const payload = receivedPayload(e.name, e.args);
  // DNS over TCP puts a two-byte length before the message.
  const overTcp = e.args[0] !== undefined && (splitAnnotated(e.args[0]).annotation ?? '').startsWith('TCP');
  const bytes = payload ? decodeCBytes(payload) : null;
  const answer = bytes ? parseDnsAnswer(overTcp ? bytes.subarray(2) : bytes) : null;
  if (!answer) return null;
  if (answer.rcode === 0) {
    if (answer.answers > 0 && answer.name) {
      network.resolved(answer.name, e.seq);
      failures.resolved(answer.name);
    }
    return null;
  }
  const name = answer.name ?? address;
  const errno = RCODE_NAMES[answer.rcode] ?? `RCODE${answer.rcode}`;
  const sentence = `it could not resolve ${name}: ${rcodeMeaning(answer.rcode)}`;
  failures.add({ ...e, errno, errnoText: `DNS answer from ${address}`, target: name }, { sentence });
  return { errno, sentence };
}

/** Incremental analysis of a trace: feed events as they are parsed, take a snapshot whenever a view needs one. */
export function createAnalysis(limits: Partial<AnalysisLimits> = {}): Analysis {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const failures = new FailureBook(lim.failureGroups);
  const files = new FileTable(lim.files);
  const network = new EndpointTable(lim.endpoints);
  const processes = new ProcessTable(lim.processes);
  const stats = new CallStats(lim.slowest);
  const deferred = createDeferredConnects();
  let mainPid: number | null = null;
  let end: Ending | null = null;
  let lastSignal: string | null = null;
  let events = 0;

  function applyOutcome(o: ConnectOutcome): void {
    network.settle(o);
    if (o.kind === 'failed') failures.add(revealedFailure(o), { sentence: o.sentence });
  }

  function addCall(e: CallEvent): void {
    stats.add(e);
    const seen = deferred.observe(e);
    if (seen.outcome) applyOutcome(seen.outcome);
    // A later call that only reports the connect's failure is counted once, as that connect's failure.
    if (e.errno !== null) {
      if (!seen.sameAttempt) failures.add(e);
    } else if (e.target !== null && PROBE_CALLS.has(e.name) && failures.probing) failures.foundProgram(e.target);
    const target = e.target;
    if (target !== null) {
      if (e.cls === 'network') {
        const dns = e.errno === null && (e.name === 'recvfrom' || e.name === 'recvmsg') && isDnsServer(target) ? readDnsReply(e, target, failures, network) : null;
        if (NETWORK_OPS.has(e.name) && !seen.sameAttempt) network.add(e, target, dns);
      } else if (target.startsWith('/') && (e.cls === 'file' || e.cls === 'desc')) files.add(e, target);
    }
    if (e.cls === 'process' || e.name === 'execve') processes.call(e);
  }

  function addExit(e: Extract<TraceEvent, { kind: 'exit' }>): void {
    // Connects it was still waiting for when it ended: given up if its waits had timed out.
    for (const o of deferred.exited(e)) applyOutcome(o);
    processes.exited(e);
    if (e.pid === mainPid && end === null) {
      end = { exit: e, lastSignal };
      failures.frozen = true;
    }
  }

  return {
    setMainPid(pid) {
      mainPid = pid;
    },
    add(e) {
      events++;
      if (mainPid === null && e.pid > 0) mainPid = e.pid;
      if (e.kind === 'call') {
        processes.get(e.pid, e.time);
        addCall(e);
      } else if (e.kind === 'signal') {
        if (e.pid === mainPid) lastSignal = e.signal;
      } else if (e.kind === 'exit') addExit(e);
    },
    snapshot(extra, capsIn = {}) {
      const caps = { ...DEFAULT_CAPS, ...capsIn };
      const f = failures.entries(caps.failures);
      const fl = files.entries(caps.files);
      const n = network.entries(caps.network);
      const p = processes.entries(caps.processes);
      return {
        counts: { lines: extra.lines, events, calls: stats.calls, failures: failures.count, unparsed: extra.unparsed },
        end: mainPid === null ? null : whyEnded(mainPid, end, lastSignal, failures, network),
        failures: f.list,
        files: fl.list,
        network: n.list,
        processes: p.list,
        summary: stats.summary(),
        slowest: stats.slowest.slice(),
        inFlight: extra.inFlight.slice(0, 100).map((i) => ({ ...i, argsText: clip(i.argsText, 600) })),
        truncated: { failures: f.truncated, files: fl.truncated, network: n.truncated, processes: p.truncated },
      };
    },
  };
}
