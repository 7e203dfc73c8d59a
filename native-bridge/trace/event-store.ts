import type { SyscallClass, TraceEvent } from '../contract/trace.js';
import { createInterner, flatCopy, type Interner } from './interner.js';

export interface EventQuery {
  classes?: readonly SyscallClass[];
  text?: string;
  failedOnly?: boolean;
  offset?: number;
  limit?: number;
}

/** Longest argument text kept in memory; the capture file keeps the rest. */
const MAX_ARG = 512;
const MAX_ARGS_TEXT = 2048;

function copyString(s: string, max: number): string {
  // A slice keeps its whole parent line alive in V8; a Buffer round trip makes a small, independent string.
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return Buffer.from(cut, 'utf8').toString('utf8');
}

/** Shrinks calls with very long arguments so the capped store also has a capped size in bytes. */
export function compactEvent(e: TraceEvent): TraceEvent {
  if (e.kind !== 'call' || e.argsText.length <= MAX_ARGS_TEXT) return e;
  return {
    ...e,
    argsText: copyString(e.argsText, MAX_ARGS_TEXT),
    args: e.args.map((a) => (a.length > MAX_ARG ? copyString(a, MAX_ARG) : a)),
  };
}

/**
 * The event as stored: long arguments cut, repeated strings shared, no string pinning its input line.
 * Stored events outlive many garbage collections, so every byte here is multiplied by the capacity,
 * and V8 lets the heap grow to a multiple of what stays alive before it collects.
 */
export function storedEvent(e: TraceEvent, intern: Interner): TraceEvent {
  const c = compactEvent(e);
  if (c.kind !== 'call') return { ...c, time: flatCopy(c.time) };
  return {
    ...c,
    time: flatCopy(c.time),
    name: intern.string(c.name),
    argsText: intern.string(c.argsText),
    args: intern.args(c.argsText, c.args),
    ret: intern.nullable(c.ret),
    retAnnotation: intern.nullable(c.retAnnotation),
    errno: intern.nullable(c.errno),
    errnoText: intern.nullable(c.errnoText),
    note: intern.nullable(c.note),
    target: intern.nullable(c.target),
  };
}

function matches(e: TraceEvent, classes: Set<SyscallClass> | null, text: string | null, failedOnly: boolean): boolean {
  if (e.kind !== 'call') {
    if (failedOnly || classes) return (e.kind === 'signal' && classes?.has('signal')) || (e.kind === 'exit' && classes?.has('process')) || false;
    return text === null || JSON.stringify(e).toLowerCase().includes(text);
  }
  if (failedOnly && e.errno === null) return false;
  if (classes && !classes.has(e.cls)) return false;
  if (text === null) return true;
  return (
    e.name.toLowerCase().includes(text) ||
    e.argsText.toLowerCase().includes(text) ||
    (e.errno?.toLowerCase().includes(text) ?? false) ||
    (e.ret?.toLowerCase().includes(text) ?? false)
  );
}

/** A ring of the newest events; the count of older ones is what the UI shows as "N older events on disk only". */
export function createEventStore(capacity = 50_000) {
  const ring: (TraceEvent | undefined)[] = new Array<TraceEvent | undefined>(capacity);
  const intern = createInterner();
  let total = 0;
  const at = (k: number): TraceEvent => ring[(total - Math.min(total, capacity) + k) % capacity]!;
  return {
    /** Stores a compact copy of the event and returns it (send that one on, so only one copy lives). */
    push(e: TraceEvent): TraceEvent {
      const stored = storedEvent(e, intern);
      ring[total % capacity] = stored;
      total++;
      return stored;
    },
    /** Events ever pushed. */
    get total() {
      return total;
    },
    /** Events kept in memory (the newest `capacity`). */
    get size() {
      return Math.min(total, capacity);
    },
    /** Events pushed out of memory; they remain in the capture file on disk. */
    get olderOnDisk() {
      return Math.max(0, total - capacity);
    },
    /** The newest n events, oldest first. */
    tail(n: number) {
      const size = Math.min(total, capacity);
      const out: TraceEvent[] = [];
      for (let k = Math.max(0, size - n); k < size; k++) out.push(at(k));
      return out;
    },
    query(q: EventQuery) {
      const classes = q.classes && q.classes.length > 0 ? new Set(q.classes) : null;
      const text = q.text ? q.text.toLowerCase() : null;
      const failedOnly = q.failedOnly ?? false;
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 500;
      const size = Math.min(total, capacity);
      const events: TraceEvent[] = [];
      let matched = 0;
      for (let k = 0; k < size; k++) {
        const e = at(k);
        if (!matches(e, classes, text, failedOnly)) continue;
        if (matched >= offset && events.length < limit) events.push(e);
        matched++;
      }
      return { events, matched };
    },
  };
}
