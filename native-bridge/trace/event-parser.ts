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

/**
 * Turns tracer lines into events: joins `<unfinished ...>` with its `<... name resumed>` per pid,
 * numbers events in order and adds the class and target each view groups by.
 */
export function createEventParser(tool: TraceTool, emit: (event: TraceEvent) => void): EventParser {
  const pending = new Map<number, Pending>();
  const source = tool === 'ltrace' ? 'library' : 'syscall';
  let seq = 0;
  let lines = 0;
  let unparsed = 0;

  function classify(name: string): CallEvent['cls'] {
    if (source === 'syscall') return syscallClass(name);
    return name.startsWith('SYS_') ? syscallClass(name.slice(4)) : 'library';
  }

  function callEvent(
    pid: number,
    time: string,
    t: number,
    name: string,
    argsText: string,
    args: string[],
    tail: Pick<CallEvent, 'ret' | 'retAnnotation' | 'errno' | 'errnoText' | 'note' | 'duration'>,
    state: CallEvent['state'],
  ): CallEvent {
    const cls = classify(name);
    const target =
      cls === 'file' || cls === 'network' || cls === 'desc' || name === 'execve'
        ? callTarget(name, args, cls, tail.retAnnotation)
        : null;
    return {
      kind: 'call',
      seq: seq++,
      pid,
      time,
      t,
      source,
      name,
      argsText,
      args,
      ret: tail.ret,
      retAnnotation: tail.retAnnotation,
      errno: tail.errno,
      errnoText: tail.errnoText,
      note: tail.note,
      duration: tail.duration,
      state,
      cls,
      target,
    };
  }

  const NO_RETURN = { ret: null, retAnnotation: null, errno: null, errnoText: null, note: null, duration: null };

  function emitPending(pid: number, p: Pending, state: CallEvent['state']): void {
    const scan = scanArgs(p.partial, 0);
    emit(callEvent(pid, p.time, p.t, p.name, p.partial, scan.args, NO_RETURN, state));
  }

  function resumed(l: Extract<TraceLine, { type: 'resumed' }>): void {
    const p = pending.get(l.pid);
    let startTime = l.time;
    let startT = l.t;
    let state: CallEvent['state'] = 'orphan';
    let text = l.rest;
    if (p && p.name === l.name) {
      pending.delete(l.pid);
      text = p.partial + l.rest;
      startTime = p.time;
      startT = p.t;
      state = 'complete';
    }
    const scan = scanArgs(text, 0);
    if (scan.stop === 'close') {
      const tail = { ...NO_RETURN } as Pick<CallEvent, 'ret' | 'retAnnotation' | 'errno' | 'errnoText' | 'note' | 'duration'>;
      scanReturn(text, scan.end + 1, tail);
      emit(callEvent(l.pid, startTime, startT, l.name, text.slice(0, scan.end), scan.args, tail, state));
    } else if (scan.stop === 'marker' && text.startsWith('<detached', scan.end)) {
      emit(callEvent(l.pid, startTime, startT, l.name, text.slice(0, scan.end).trimEnd(), scan.args, NO_RETURN, 'detached'));
    } else {
      // Resumed and cut again (a second <unfinished ...>): keep waiting with the longer partial text.
      pending.set(l.pid, { name: l.name, time: startTime, t: startT, partial: text.slice(0, scan.end).replace(/ $/, '') });
    }
  }

  return {
    get lines() {
      return lines;
    },
    get unparsed() {
      return unparsed;
    },
    line(text) {
      if (text.length === 0) return;
      lines++;
      const l = parseTraceLine(text);
      switch (l.type) {
        case 'call':
          emit(callEvent(l.pid, l.time, l.t, l.name, l.argsText, l.args, l, 'complete'));
          return;
        case 'unfinished':
          if (l.marker === 'unfinished') {
            const prev = pending.get(l.pid);
            if (prev) emitPending(l.pid, prev, 'unfinished');
            pending.set(l.pid, { name: l.name, time: l.time, t: l.t, partial: l.partial });
          } else {
            const scan = scanArgs(l.partial, 0);
            emit(callEvent(l.pid, l.time, l.t, l.name, l.partial, scan.args, NO_RETURN, l.marker === 'detached' ? 'detached' : 'unfinished'));
          }
          return;
        case 'resumed':
          resumed(l);
          return;
        case 'signal':
          emit({ kind: 'signal', seq: seq++, pid: l.pid, time: l.time, t: l.t, signal: l.signal, info: l.info });
          return;
        case 'exit': {
          const p = pending.get(l.pid);
          if (p) {
            pending.delete(l.pid);
            emitPending(l.pid, p, 'unfinished');
          }
          emit({ kind: 'exit', seq: seq++, pid: l.pid, time: l.time, t: l.t, code: l.code, signal: l.signal, coreDumped: l.coreDumped });
          return;
        }
        default:
          unparsed++;
          emit({ kind: 'other', seq: seq++, pid: l.pid, time: l.time, t: l.t, text: l.text });
      }
    },
    end() {
      for (const [pid, p] of pending) emitPending(pid, p, 'unfinished');
      pending.clear();
    },
    inFlight() {
      return [...pending].map(([pid, p]) => ({ pid, time: p.time, name: p.name, argsText: p.partial }));
    },
  };
}
