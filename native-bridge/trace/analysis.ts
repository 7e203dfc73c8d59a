import { posix } from 'node:path';
import type {
  CallEvent,
  FailingCall,
  FailureGroup,
  FileEntry,
  NetworkEntry,
  ProcessEntry,
  SyscallStat,
  TraceAnalysis,
  TraceEvent,
  WhyEnded,
} from '../contract/trace.js';
import { createDeferredConnects, type ConnectOutcome } from './deferred.js';
import { decodeCBytes, parseDnsAnswer, RCODE_NAMES, rcodeMeaning, receivedPayload } from './dns-answer.js';
import { errnoRank, explainFailure, isHeadlineFailure, isOptionalFileProbe, noiseReason, outcomeText } from './explain.js';
import type { InFlight } from './event-parser.js';
import { scanArgs } from './scan.js';
import { endSentence } from './end-sentence.js';
import { decodeCString, parseSocketAnnotation, parseSockAddr, splitAnnotated } from './targets.js';

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

interface MutableGroup extends Omit<FailureGroup, 'noise'> {
  noise: boolean;
}

interface MutableFile {
  path: string;
  ops: Set<string>;
  count: number;
  ok: number;
  errors: Map<string, number>;
  firstTime: string;
  lastTime: string;
  firstSeq: number;
  noise: boolean;
}

interface MutableEndpoint {
  op: string;
  family: string;
  address: string;
  count: number;
  ok: number;
  errors: Map<string, number>;
  lastErrno: string | null;
  /** The sentence of the last failure when it is not the errno's usual one (a program giving up, a DNS answer). */
  lastSentence: string | null;
  lastArgs: readonly string[];
  firstTime: string;
  lastTime: string;
  firstSeq: number;
}

interface MutableProcess {
  pid: number;
  parentPid: number | null;
  execs: ProcessEntry['execs'];
  firstTime: string;
  exit: ProcessEntry['exit'];
}

export interface Analysis {
  add(event: TraceEvent): void;
  /** The pid whose end "why did it end" explains; defaults to the first pid seen. */
  setMainPid(pid: number): void;
  snapshot(extra: { lines: number; unparsed: number; inFlight: InFlight[] }, caps?: Partial<SnapshotCaps>): TraceAnalysis;
}

/** A failure worked out from a later call (SO_ERROR, a DNS answer): its sentence, and what it is about. */
interface Derived {
  sentence: string | null;
}

interface RecentEntry {
  call: FailingCall;
  group: MutableGroup;
}

const NETWORK_OPS = new Set(['connect', 'bind', 'listen', 'accept', 'accept4', 'sendto', 'sendmsg', 'recvfrom', 'recvmsg', 'sendmmsg']);
const SPAWN_CALLS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const RECENT_FAILURES = 40;
const PROBE_CALLS = new Set(['execve', 'stat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2', 'lstat']);

function toFailingCall(e: CallEvent, sentence: string): FailingCall {
  const line = `${e.name}(${e.argsText}) = ${e.ret ?? '?'} ${e.errno ?? ''}${e.errnoText ? ` (${e.errnoText})` : ''}`;
  return { seq: e.seq, pid: e.pid, time: e.time, name: e.name, errno: e.errno ?? '', target: e.target, sentence, line: clip(line, 600) };
}

/** `127.0.0.53:53`, `[::1]:53`: where a resolver sends its queries. */
function isDnsServer(address: string): boolean {
  return address.endsWith(':53') && !address.startsWith('/');
}

/** `foo.corp.example` (a search-domain try) and `foo` are the same lookup. */
function relatedNames(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function parseArgv(arg: string | undefined): string[] {
  if (!arg || !arg.startsWith('[')) return [];
  const inner = scanArgs(arg.slice(1, arg.endsWith(']') ? -1 : undefined) + ')', 0);
  return inner.args.slice(0, 64).map((a) => (a.startsWith('"') ? decodeCString(a) : a));
}

/** Incremental analysis of a trace: feed events as they are parsed, take a snapshot whenever a view needs one. */
export function createAnalysis(limits: Partial<AnalysisLimits> = {}): Analysis {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const failures = new Map<string, MutableGroup>();
  const files = new Map<string, MutableFile>();
  const endpoints = new Map<string, MutableEndpoint>();
  const processes = new Map<number, MutableProcess>();
  const summary = new Map<string, SyscallStat>();
  const slowest: CallEvent[] = [];
  const recent: RecentEntry[] = [];
  /** Failures that did not look like noise when they happened, kept apart so a flood of noise cannot push them out. */
  const recentReal: RecentEntry[] = [];
  const deferred = createDeferredConnects();
  /** Successful connects by pid and port, newest seq: a refusal followed by a working connect was recovered from. */
  const connectedPorts = new Map<string, number>();
  /** DNS names that were answered, newest seq: a search-domain variant that did not exist is then not the problem. */
  const resolvedNames = new Map<string, number>();
  /** ENOENT groups from looking a program up in each PATH directory, by the name looked for. */
  const probes = new Map<string, MutableGroup[]>();
  const truncated = { failures: 0, files: 0, network: 0, processes: 0 };
  let mainPid: number | null = null;
  let end: { exit: Extract<TraceEvent, { kind: 'exit' }>; recent: typeof recent; real: typeof recent; lastSignal: string | null } | null = null;
  let lastSignal: string | null = null;
  let events = 0;
  let calls = 0;
  let failureCount = 0;

  function processOf(pid: number, time: string): MutableProcess {
    let p = processes.get(pid);
    if (!p) {
      p = { pid, parentPid: null, execs: [], firstTime: time, exit: null };
      if (processes.size < lim.processes) processes.set(pid, p);
      else truncated.processes++;
    }
    return p;
  }

  function addFailure(e: CallEvent, derived: Derived | null = null): void {
    failureCount++;
    const errno = e.errno!;
    const key = `${e.name}\0${errno}\0${e.target ?? ''}`;
    let g = failures.get(key);
    if (!g) {
      const reason = derived ? null : noiseReason(e.name, errno, e.target);
      const sentence = derived?.sentence ?? explainFailure(e.name, e.args, errno, e.target);
      g = {
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
        sentence,
        example: clip(`${e.name}(${e.argsText}) = ${e.ret ?? '?'} ${errno}${e.errnoText ? ` (${e.errnoText})` : ''}`, 600),
      };
      if (failures.size < lim.failureGroups) failures.set(key, g);
      else truncated.failures++;
    }
    g.count++;
    g.lastTime = e.time;
    g.lastSeq = e.seq;
    if (g.count === 1 && errno === 'ENOENT' && PROBE_CALLS.has(e.name) && e.target !== null && !g.noise) {
      const base = posix.basename(e.target);
      const list = probes.get(base);
      if (list) {
        if (list.length < 64) list.push(g);
      } else if (probes.size < 2000) probes.set(base, [g]);
    }
    if (end === null) {
      const entry = { call: toFailingCall(e, g.sentence), group: g };
      recent.push(entry);
      if (recent.length > RECENT_FAILURES) recent.shift();
      if (!g.noise) {
        recentReal.push(entry);
        if (recentReal.length > RECENT_FAILURES) recentReal.shift();
      }
    }
  }

  /** A program found in one PATH directory makes the misses in the others part of the search, not a symptom. */
  function foundProgram(path: string): void {
    const base = posix.basename(path);
    const list = probes.get(base);
    if (!list) return;
    probes.delete(base);
    for (const g of list) {
      if (g.target !== path) {
        g.noise = true;
        g.noiseReason = 'looking for a program in each directory of the PATH';
      }
    }
  }

  function addFile(e: CallEvent, path: string): void {
    let f = files.get(path);
    if (!f) {
      f = {
        path,
        ops: new Set(),
        count: 0,
        ok: 0,
        errors: new Map(),
        firstTime: e.time,
        lastTime: e.time,
        firstSeq: e.seq,
        noise: noiseReason(e.name, 'ENOENT', path) !== null,
      };
      if (files.size < lim.files) files.set(path, f);
      else {
        truncated.files++;
        return;
      }
    }
    f.ops.add(e.name);
    f.count++;
    f.lastTime = e.time;
    if (e.errno) f.errors.set(e.errno, (f.errors.get(e.errno) ?? 0) + 1);
    else f.ok++;
  }

  /** `errnoOverride`: the outcome is not the call's return (a DNS answer saying the name does not exist). */
  function addEndpoint(e: CallEvent, address: string, errnoOverride: { errno: string; sentence: string } | null = null): void {
    const key = `${e.name}\0${address}`;
    let n = endpoints.get(key);
    if (!n) {
      let family = 'unknown';
      const sa = e.argsText.includes('sa_family=') ? parseSockAddr(e.argsText) : null;
      if (sa) family = sa.family;
      else {
        const ann = e.name.startsWith('accept') ? e.retAnnotation : e.args[0] ? splitAnnotated(e.args[0]).annotation : null;
        const sock = ann ? parseSocketAnnotation(ann) : null;
        if (sock) family = sock.proto;
      }
      n = {
        op: e.name,
        family,
        address,
        count: 0,
        ok: 0,
        errors: new Map(),
        lastErrno: null,
        lastSentence: null,
        lastArgs: e.args,
        firstTime: e.time,
        lastTime: e.time,
        firstSeq: e.seq,
      };
      if (endpoints.size < lim.endpoints) endpoints.set(key, n);
      else {
        truncated.network++;
        return;
      }
    }
    n.count++;
    n.lastTime = e.time;
    n.lastArgs = e.args;
    const errno = errnoOverride?.errno ?? e.errno;
    // A non-blocking connect in progress is neither ok nor failed yet: its outcome comes later (deferred.ts).
    if (errno === 'EINPROGRESS' || errno === 'EALREADY') return;
    if (errno) {
      n.errors.set(errno, (n.errors.get(errno) ?? 0) + 1);
      n.lastErrno = errno;
      n.lastSentence = errnoOverride?.sentence ?? null;
    } else {
      n.ok++;
      if (e.name === 'connect') noteConnected(e.pid, address, e.seq);
    }
  }

  function noteConnected(pid: number, address: string, seq: number): void {
    const port = address.slice(address.lastIndexOf(':') + 1);
    if (connectedPorts.size < 10_000 || connectedPorts.has(`${pid}:${port}`)) connectedPorts.set(`${pid}:${port}`, seq);
  }

  /** The outcome of a non-blocking connect, learned from a later call: counted on the connect's own row. */
  function applyOutcome(o: ConnectOutcome): void {
    const c = o.pending.connect;
    const n = endpoints.get(`connect\0${o.pending.target}`);
    if (o.kind === 'ok') {
      if (n) n.ok++;
      noteConnected(c.pid, o.pending.target, c.seq);
      return;
    }
    if (n) {
      n.errors.set(o.errno, (n.errors.get(o.errno) ?? 0) + 1);
      n.lastErrno = o.errno;
      n.lastSentence = o.sentence;
      n.lastTime = o.via.time;
    }
    const call: CallEvent = { ...c, seq: o.via.seq, pid: o.via.pid, time: o.via.time, t: o.via.t, ret: '-1', errno: o.errno, errnoText: o.errnoText, duration: null };
    addFailure(call, { sentence: o.sentence });
  }

  /** A reply from a DNS server (port 53): the call succeeded, the answer may still say the name does not exist. */
  function readDnsReply(e: CallEvent, address: string): { errno: string; sentence: string } | null {
    const payload = receivedPayload(e.name, e.args);
    // DNS over TCP puts a two-byte length before the message.
    const overTcp = e.args[0] !== undefined && (splitAnnotated(e.args[0]).annotation ?? '').startsWith('TCP');
    const bytes = payload ? decodeCBytes(payload) : null;
    const answer = bytes ? parseDnsAnswer(overTcp ? bytes.subarray(2) : bytes) : null;
    if (!answer) return null;
    if (answer.rcode === 0) {
      if (answer.answers > 0 && answer.name) {
        resolvedNames.set(answer.name, e.seq);
        for (const g of failures.values()) {
          if (g.target && !g.noise && (g.errno === 'NXDOMAIN' || g.errno === 'SERVFAIL') && relatedNames(g.target, answer.name)) {
            g.noise = true;
            g.noiseReason = 'trying the search domains of /etc/resolv.conf before the name that was found';
          }
        }
      }
      return null;
    }
    const name = answer.name ?? address;
    const errno = RCODE_NAMES[answer.rcode] ?? `RCODE${answer.rcode}`;
    const sentence = `it could not resolve ${name}: ${rcodeMeaning(answer.rcode)}`;
    const call: CallEvent = { ...e, ret: e.ret, errno, errnoText: `DNS answer from ${address}`, target: name };
    addFailure(call, { sentence });
    return { errno, sentence };
  }

  function addCall(e: CallEvent): void {
    calls++;
    let s = summary.get(e.name);
    if (!s) {
      s = { name: e.name, cls: e.cls, calls: 0, errors: 0, totalSeconds: 0, maxSeconds: 0 };
      summary.set(e.name, s);
    }
    s.calls++;
    if (e.duration !== null) {
      s.totalSeconds += e.duration;
      if (e.duration > s.maxSeconds) s.maxSeconds = e.duration;
      if (slowest.length < lim.slowest || e.duration > slowest[slowest.length - 1]!.duration!) {
        let k = slowest.length;
        while (k > 0 && slowest[k - 1]!.duration! < e.duration) k--;
        slowest.splice(k, 0, e);
        if (slowest.length > lim.slowest) slowest.pop();
      }
    }
    const seen = deferred.observe(e);
    if (seen.outcome) applyOutcome(seen.outcome);
    if (e.errno !== null) {
      s.errors++;
      // A later call that only reports the connect's failure is counted once, as that connect's failure.
      if (!seen.sameAttempt) addFailure(e);
    } else if (e.target !== null && PROBE_CALLS.has(e.name) && probes.size > 0) foundProgram(e.target);
    const target = e.target;
    if (target !== null) {
      if (e.cls === 'network') {
        const dns = e.errno === null && (e.name === 'recvfrom' || e.name === 'recvmsg') && isDnsServer(target) ? readDnsReply(e, target) : null;
        if (NETWORK_OPS.has(e.name) && !seen.sameAttempt) addEndpoint(e, target, dns);
      } else if (target.startsWith('/') && (e.cls === 'file' || e.cls === 'desc')) addFile(e, target);
    }
    if (e.cls === 'process' || e.name === 'execve') {
      if (SPAWN_CALLS.has(e.name) && e.ret !== null && e.errno === null) {
        const child = Number.parseInt(e.ret, 10);
        if (child > 0) processOf(child, e.time).parentPid = e.pid;
      } else if (e.name === 'execve' && e.state !== 'unfinished') {
        const p = processOf(e.pid, e.time);
        if (p.execs.length < 20) p.execs.push({ path: target ?? '?', argv: parseArgv(e.args[1]), ok: e.errno === null });
      }
    }
  }

  /**
   * A failed connection or name lookup that nothing later made up for: the program was talking to the
   * network, and that is why it stopped, even when a missing optional file comes after it.
   */
  function headline(real: readonly RecentEntry[]): RecentEntry | null {
    for (let i = real.length - 1; i >= 0; i--) {
      const r = real[i]!;
      if (!isHeadlineFailure(r.group.errno) || r.group.noise) continue;
      const target = r.call.target ?? '';
      const port = target.slice(target.lastIndexOf(':') + 1);
      const reconnected = r.call.name === 'connect' && (connectedPorts.get(`${r.call.pid}:${port}`) ?? -1) > r.call.seq;
      const resolvedLater = [...resolvedNames].some(([name, seq]) => seq > r.call.seq && relatedNames(name, target));
      if (!reconnected && !resolvedLater) return r;
    }
    return null;
  }

  /** The most telling of the last few failures (ECONNREFUSED over a later ENOTCONN probe). */
  function mostTelling(entries: readonly RecentEntry[]): RecentEntry | undefined {
    let key = entries[entries.length - 1];
    for (const entry of entries) if (key && entry.group.rank <= key.group.rank) key = entry;
    return key;
  }

  return {
    setMainPid(pid) {
      mainPid = pid;
    },
    add(e) {
      events++;
      if (mainPid === null && e.pid > 0) mainPid = e.pid;
      switch (e.kind) {
        case 'call':
          processOf(e.pid, e.time);
          addCall(e);
          break;
        case 'signal':
          if (e.pid === mainPid) lastSignal = e.signal;
          break;
        case 'exit': {
          // Connects it was still waiting for when it ended: given up if its waits had timed out.
          for (const o of deferred.exited(e)) applyOutcome(o);
          const p = processOf(e.pid, e.time);
          p.exit = { code: e.code, signal: e.signal, coreDumped: e.coreDumped, time: e.time };
          if (e.pid === mainPid && end === null) {
            end = { exit: e, recent: recent.slice(), real: recentReal.slice(), lastSignal };
          }
          break;
        }
        default:
          break;
      }
    },
    snapshot(extra, capsIn = {}) {
      const caps = { ...DEFAULT_CAPS, ...capsIn };
      const groupList = [...failures.values()].sort(
        (a, b) => Number(a.noise) - Number(b.noise) || a.rank - b.rank || b.lastSeq - a.lastSeq,
      );
      const fileList = [...files.values()].sort(
        (a, b) => Number(a.noise) - Number(b.noise) || Number(b.errors.size > 0) - Number(a.errors.size > 0) || a.firstSeq - b.firstSeq,
      );
      const netList = [...endpoints.values()].sort(
        (a, b) => Number(b.errors.size > 0) - Number(a.errors.size > 0) || a.firstSeq - b.firstSeq,
      );
      const procList = [...processes.values()];
      const endInfo: WhyEnded | null =
        mainPid === null
          ? null
          : (() => {
              const ring = end ? end.recent : recent;
              const real = (end ? end.real : recentReal).filter((r) => !r.group.noise);
              // A missing library is "noise" until it is the only failure: then it is the answer.
              const lastEntries = (real.length > 0 ? real : ring).slice(-5);
              const network = headline(real);
              const key = network ?? mostTelling(lastEntries) ?? null;
              const last = lastEntries.map((r) => r.call);
              if (key && !last.includes(key.call)) last.splice(0, last.length >= 5 ? 1 : 0, key.call);
              const base = {
                pid: mainPid,
                state: end === null ? ('running' as const) : end.exit.signal ? ('killed' as const) : ('exited' as const),
                code: end?.exit.code ?? null,
                signal: end?.exit.signal ?? null,
                coreDumped: end?.exit.coreDumped ?? false,
                time: end?.exit.time ?? null,
                lastFailures: last,
                lastSignal: end ? end.lastSignal : lastSignal,
              };
              return { ...base, sentence: endSentence(base, key?.call ?? null, network !== null) };
            })();
      return {
        counts: { lines: extra.lines, events, calls, failures: failureCount, unparsed: extra.unparsed },
        end: endInfo,
        failures: groupList.slice(0, caps.failures).map((g) => ({ ...g })),
        files: fileList.slice(0, caps.files).map(
          (f): FileEntry => ({
            path: f.path,
            ops: [...f.ops],
            count: f.count,
            results: { ok: f.ok, errors: Object.fromEntries(f.errors) },
            firstTime: f.firstTime,
            lastTime: f.lastTime,
            noise: f.noise,
          }),
        ),
        network: netList.slice(0, caps.network).map(
          (n): NetworkEntry => ({
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
          }),
        ),
        processes: procList.slice(0, caps.processes).map((p) => ({ ...p, execs: p.execs.slice() })),
        summary: [...summary.values()].sort((a, b) => b.totalSeconds - a.totalSeconds || b.calls - a.calls).map((s) => ({ ...s })),
        slowest: slowest.slice(),
        inFlight: extra.inFlight.slice(0, 100).map((f) => ({ ...f, argsText: clip(f.argsText, 600) })),
        truncated: {
          failures: truncated.failures + Math.max(0, groupList.length - caps.failures),
          files: truncated.files + Math.max(0, fileList.length - caps.files),
          network: truncated.network + Math.max(0, netList.length - caps.network),
          processes: truncated.processes + Math.max(0, procList.length - caps.processes),
        },
      };
    },
  };
}

