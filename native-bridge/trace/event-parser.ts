import type { CallEvent, TraceEvent, TraceTool } from '../contract/trace.js';
import { scanArgs, scanReturn } from './scan.js';
import { syscallClass } from './syscall-classes.js';
import { callTarget } from './targets.js';
import { parseTraceLine, type TraceLine } from './trace-line.js';

interface Pending {
  name: string;
  time: string;
  t: number;
  partial: string;
}

export interface InFlight {
  pid: number;
  time: string;
  name: string;
  argsText: string;
}

export interface EventParser {
  /** One complete line (without its newline). */
  line(text: string): void;
  /** The trace ended: calls still waiting for `<... resumed>` are emitted as unfinished. */
  end(): void;
  /** Calls started and not yet returned, per pid. */
  inFlight(): InFlight[];
  readonly lines: number;
  readonly unparsed: number;
}

type ReturnPart = Pick<CallEvent, 'ret' | 'retAnnotation' | 'errno' | 'errnoText' | 'note' | 'duration'>;

const NO_RETURN: ReturnPart = { ret: null, retAnnotation: null, errno: null, errnoText: null, note: null, duration: null };

/**
 * Turns tracer lines into events: joins `<unfinished ...>` with its `<... name resumed>` per pid,
 * numbers events in order and adds the class and target each view groups by.
 */
export function createEventParser(tool: TraceTool, emit: (event: TraceEvent) => void): EventParser {
  return new TraceEventParser(tool === 'ltrace' ? 'library' : 'syscall', emit);
}

class TraceEventParser implements EventParser {
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  lines = 0;
  unparsed = 0;

  constructor(
    private readonly source: CallEvent['source'],
    private readonly emit: (event: TraceEvent) => void,
  ) {}

  line(text: string): void {
    if (text.length === 0) return;
    this.lines++;
    const l = parseTraceLine(text);
    switch (l.type) {
      case 'call':
        this.emit(this.callEvent(l.pid, l.time, l.t, l.name, l.argsText, l.args, l, 'complete'));
        return;
      case 'unfinished':
        this.unfinished(l);
        return;
      case 'resumed':
        this.resumed(l);
        return;
      case 'signal':
        this.emit({ kind: 'signal', seq: this.seq++, pid: l.pid, time: l.time, t: l.t, signal: l.signal, info: l.info });
        return;
      case 'exit': {
        const p = this.pending.get(l.pid);
        if (p) {
          this.pending.delete(l.pid);
          this.emitPending(l.pid, p, 'unfinished');
        }
        this.emit({ kind: 'exit', seq: this.seq++, pid: l.pid, time: l.time, t: l.t, code: l.code, signal: l.signal, coreDumped: l.coreDumped });
        return;
      }
      default:
        this.unparsed++;
        this.emit({ kind: 'other', seq: this.seq++, pid: l.pid, time: l.time, t: l.t, text: l.text });
    }
  }

  end(): void {
    for (const [pid, p] of this.pending) this.emitPending(pid, p, 'unfinished');
    this.pending.clear();
  }

  inFlight(): InFlight[] {
    return [...this.pending].map(([pid, p]) => ({ pid, time: p.time, name: p.name, argsText: p.partial }));
  }

  private classify(name: string): CallEvent['cls'] {
    if (this.source === 'syscall') return syscallClass(name);
    return name.startsWith('SYS_') ? syscallClass(name.slice(4)) : 'library';
  }

  private callEvent(
    pid: number,
    time: string,
    t: number,
    name: string,
    argsText: string,
    args: string[],
    tail: ReturnPart,
    state: CallEvent['state'],
  ): CallEvent {
    const cls = this.classify(name);
    const target = cls === 'file' || cls === 'network' || cls === 'desc' || name === 'execve' ? callTarget(name, args, cls, tail.retAnnotation) : null;
    const { ret, retAnnotation, errno, errnoText, note, duration } = tail;
    const { source } = this;
    return { kind: 'call', seq: this.seq++, pid, time, t, source, name, argsText, args, ret, retAnnotation, errno, errnoText, note, duration, state, cls, target };
  }

  private emitPending(pid: number, p: Pending, state: CallEvent['state']): void {
    const scan = scanArgs(p.partial, 0);
    this.emit(this.callEvent(pid, p.time, p.t, p.name, p.partial, scan.args, NO_RETURN, state));
  }

  /** A call cut by another pid's line: it waits for its `resumed` line (or, "detached"/other markers, ends here). */
  private unfinished(l: Extract<TraceLine, { type: 'unfinished' }>): void {
    if (l.marker === 'unfinished') {
      const prev = this.pending.get(l.pid);
      if (prev) this.emitPending(l.pid, prev, 'unfinished');
      this.pending.set(l.pid, { name: l.name, time: l.time, t: l.t, partial: l.partial });
    } else {
      const scan = scanArgs(l.partial, 0);
      this.emit(this.callEvent(l.pid, l.time, l.t, l.name, l.partial, scan.args, NO_RETURN, l.marker === 'detached' ? 'detached' : 'unfinished'));
    }
  }

  private resumed(l: Extract<TraceLine, { type: 'resumed' }>): void {
    const p = this.pending.get(l.pid);
    let startTime = l.time;
    let startT = l.t;
    let state: CallEvent['state'] = 'orphan';
    let text = l.rest;
    if (p && p.name === l.name) {
      this.pending.delete(l.pid);
      text = p.partial + l.rest;
      startTime = p.time;
      startT = p.t;
      state = 'complete';
    }
    const scan = scanArgs(text, 0);
    if (scan.stop === 'close') {
      const tail = { ...NO_RETURN };
      scanReturn(text, scan.end + 1, tail);
      this.emit(this.callEvent(l.pid, startTime, startT, l.name, text.slice(0, scan.end), scan.args, tail, state));
    } else if (scan.stop === 'marker' && text.startsWith('<detached', scan.end)) {
      this.emit(this.callEvent(l.pid, startTime, startT, l.name, text.slice(0, scan.end).trimEnd(), scan.args, NO_RETURN, 'detached'));
    } else {
      // Resumed and cut again (a second <unfinished ...>): keep waiting with the longer partial text.
      this.pending.set(l.pid, { name: l.name, time: startTime, t: startT, partial: text.slice(0, scan.end).replace(/ $/, '') });
    }
  }
}
