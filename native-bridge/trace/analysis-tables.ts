import type { CallEvent, FileEntry, ProcessEntry, SyscallStat, TraceEvent } from '../contract/trace.js';
import { noiseReason } from './explain.js';
import { scanArgs } from './scan.js';
import { decodeCString } from './targets.js';

/** Counted as calls come in; `ops`, `ok` and `errors` become the entry's lists when a snapshot is taken. */
interface MutableFile extends Pick<FileEntry, 'path' | 'count' | 'firstTime' | 'lastTime' | 'noise'> {
  ops: Set<string>;
  ok: number;
  errors: Map<string, number>;
  firstSeq: number;
}

interface Listed<T> {
  list: T[];
  truncated: number;
}

const SPAWN_CALLS = new Set(['clone', 'clone3', 'fork', 'vfork']);

function parseArgv(arg: string | undefined): string[] {
  if (!arg || !arg.startsWith('[')) return [];
  const inner = scanArgs(arg.slice(1, arg.endsWith(']') ? -1 : undefined) + ')', 0);
  return inner.args.slice(0, 64).map((a) => (a.startsWith('"') ? decodeCString(a) : a));
}

function toFileEntry(f: MutableFile): FileEntry {
  const { path, count, firstTime, lastTime, noise } = f;
  return { path, ops: [...f.ops], count, results: { ok: f.ok, errors: Object.fromEntries(f.errors) }, firstTime, lastTime, noise };
}

/** Every path the trace touched, with how often each call on it worked or failed. */
export class FileTable {
  private readonly files = new Map<string, MutableFile>();
  private dropped = 0;

  constructor(private readonly limit: number) {}

  add(e: CallEvent, path: string): void {
    let f = this.files.get(path);
    if (!f) {
      const noise = noiseReason(e.name, 'ENOENT', path) !== null;
      f = { path, ops: new Set(), count: 0, ok: 0, errors: new Map(), firstTime: e.time, lastTime: e.time, firstSeq: e.seq, noise };
      if (this.files.size >= this.limit) {
        this.dropped++;
        return;
      }
      this.files.set(path, f);
    }
    f.ops.add(e.name);
    f.count++;
    f.lastTime = e.time;
    if (e.errno) f.errors.set(e.errno, (f.errors.get(e.errno) ?? 0) + 1);
    else f.ok++;
  }

  entries(cap: number): Listed<FileEntry> {
    const all = [...this.files.values()].sort(
      (a, b) => Number(a.noise) - Number(b.noise) || Number(b.errors.size > 0) - Number(a.errors.size > 0) || a.firstSeq - b.firstSeq,
    );
    return { list: all.slice(0, cap).map(toFileEntry), truncated: this.dropped + Math.max(0, all.length - cap) };
  }
}

/** The process tree the trace saw: who spawned whom, what each ran, how each ended. */
export class ProcessTable {
  private readonly processes = new Map<number, ProcessEntry>();
  private dropped = 0;

  constructor(private readonly limit: number) {}

  get(pid: number, time: string): ProcessEntry {
    let p = this.processes.get(pid);
    if (!p) {
      p = { pid, parentPid: null, execs: [], firstTime: time, exit: null };
      if (this.processes.size < this.limit) this.processes.set(pid, p);
      else this.dropped++;
    }
    return p;
  }

  /** A fork/clone names a child; an execve says what the process now runs. */
  call(e: CallEvent): void {
    if (SPAWN_CALLS.has(e.name) && e.ret !== null && e.errno === null) {
      const child = Number.parseInt(e.ret, 10);
      if (child > 0) this.get(child, e.time).parentPid = e.pid;
    } else if (e.name === 'execve' && e.state !== 'unfinished') {
      const p = this.get(e.pid, e.time);
      if (p.execs.length < 20) p.execs.push({ path: e.target ?? '?', argv: parseArgv(e.args[1]), ok: e.errno === null });
    }
  }

  exited(e: Extract<TraceEvent, { kind: 'exit' }>): void {
    this.get(e.pid, e.time).exit = { code: e.code, signal: e.signal, coreDumped: e.coreDumped, time: e.time };
  }

  entries(cap: number): Listed<ProcessEntry> {
    const all = [...this.processes.values()];
    return { list: all.slice(0, cap).map((p) => ({ ...p, execs: p.execs.slice() })), truncated: this.dropped + Math.max(0, all.length - cap) };
  }
}

/** Per-syscall counts and times, and the slowest calls, slowest first. */
export class CallStats {
  private readonly byName = new Map<string, SyscallStat>();
  readonly slowest: CallEvent[] = [];
  calls = 0;

  constructor(private readonly slowestCap: number) {}

  add(e: CallEvent): void {
    this.calls++;
    let s = this.byName.get(e.name);
    if (!s) {
      s = { name: e.name, cls: e.cls, calls: 0, errors: 0, totalSeconds: 0, maxSeconds: 0 };
      this.byName.set(e.name, s);
    }
    s.calls++;
    if (e.errno !== null) s.errors++;
    if (e.duration === null) return;
    s.totalSeconds += e.duration;
    if (e.duration > s.maxSeconds) s.maxSeconds = e.duration;
    const slowest = this.slowest;
    if (slowest.length < this.slowestCap || e.duration > slowest[slowest.length - 1]!.duration!) {
      let k = slowest.length;
      while (k > 0 && slowest[k - 1]!.duration! < e.duration) k--;
      slowest.splice(k, 0, e);
      if (slowest.length > this.slowestCap) slowest.pop();
    }
  }

  summary(): SyscallStat[] {
    return [...this.byName.values()].sort((a, b) => b.totalSeconds - a.totalSeconds || b.calls - a.calls).map((s) => ({ ...s }));
  }
}
