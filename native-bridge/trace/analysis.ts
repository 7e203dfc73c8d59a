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
import { errnoRank, explainFailure, noiseReason } from './explain.js';
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

const NETWORK_OPS = new Set(['connect', 'bind', 'listen', 'accept', 'accept4', 'sendto', 'sendmsg', 'recvfrom', 'recvmsg', 'sendmmsg']);
const SPAWN_CALLS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const RECENT_FAILURES = 40;
const PROBE_CALLS = new Set(['execve', 'stat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2', 'lstat']);

function toFailingCall(e: CallEvent, sentence: string): FailingCall {
  const line = `${e.name}(${e.argsText}) = ${e.ret ?? '?'} ${e.errno ?? ''}${e.errnoText ? ` (${e.errnoText})` : ''}`;
  return { seq: e.seq, pid: e.pid, time: e.time, name: e.name, errno: e.errno ?? '', target: e.target, sentence, line: clip(line, 600) };
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
  const recent: { call: FailingCall; group: MutableGroup }[] = [];
  /** Failures that did not look like noise when they happened, kept apart so a flood of noise cannot push them out. */
  const recentReal: { call: FailingCall; group: MutableGroup }[] = [];
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

  function addFailure(e: CallEvent): void {
    failureCount++;
    const errno = e.errno!;
    const key = `${e.name}\0${errno}\0${e.target ?? ''}`;
    let g = failures.get(key);
    if (!g) {
      const reason = noiseReason(e.name, errno, e.target);
      const sentence = explainFailure(e.name, e.args, errno, e.target);
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
        rank: errnoRank(errno) + (errno === 'ENOENT' && PROBE_CALLS.has(e.name) && e.name !== 'execve' ? 1 : 0),
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

  function addEndpoint(e: CallEvent, address: string): void {
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
      n = { op: e.name, family, address, count: 0, ok: 0, errors: new Map(), lastErrno: null, lastArgs: e.args, firstTime: e.time, lastTime: e.time, firstSeq: e.seq };
      if (endpoints.size < lim.endpoints) endpoints.set(key, n);
      else {
        truncated.network++;
        return;
      }
    }
    n.count++;
    n.lastTime = e.time;
    n.lastArgs = e.args;
    if (e.errno && e.errno !== 'EINPROGRESS') {
      n.errors.set(e.errno, (n.errors.get(e.errno) ?? 0) + 1);
      n.lastErrno = e.errno;
    } else n.ok++;
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
    if (e.errno !== null) {
      s.errors++;
      addFailure(e);
    } else if (e.target !== null && PROBE_CALLS.has(e.name) && probes.size > 0) foundProgram(e.target);
    const target = e.target;
    if (target !== null) {
      if (e.cls === 'network') {
        if (NETWORK_OPS.has(e.name)) addEndpoint(e, target);
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
              // The sentence names the most telling of the last few (ECONNREFUSED over a later ENOTCONN probe).
              let key = lastEntries[lastEntries.length - 1];
              for (const entry of lastEntries) if (key && entry.group.rank <= key.group.rank) key = entry;
              const last = lastEntries.map((r) => r.call);
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
              return { ...base, sentence: endSentence(base, key?.call) };
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
            sentence: n.lastErrno ? explainFailure(n.op, n.lastArgs, n.lastErrno, n.address) : null,
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

