import type { SyscallClass, TraceEvent } from '../contract/trace.js';

export interface EventQuery {
  classes?: readonly SyscallClass[];
  text?: string;
  failedOnly?: boolean;
  offset?: number;
  limit?: number;
}

export interface EventStore {
  push(event: TraceEvent): void;
  /** Events ever pushed. */
  readonly total: number;
  /** Events kept in memory (the newest `capacity`). */
  readonly size: number;
  /** Events pushed out of memory; they remain in the capture file on disk. */
  readonly olderOnDisk: number;
  /** The newest n events, oldest first. */
  tail(n: number): TraceEvent[];
  query(q: EventQuery): { events: TraceEvent[]; matched: number };
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
export function createEventStore(capacity = 50_000): EventStore {
  const ring: (TraceEvent | undefined)[] = new Array<TraceEvent | undefined>(capacity);
  let total = 0;
  const at = (k: number): TraceEvent => ring[(total - Math.min(total, capacity) + k) % capacity]!;
  return {
    push(e) {
      ring[total % capacity] = compactEvent(e);
      total++;
    },
    get total() {
      return total;
    },
    get size() {
      return Math.min(total, capacity);
    },
    get olderOnDisk() {
      return Math.max(0, total - capacity);
    },
    tail(n) {
      const size = Math.min(total, capacity);
      const out: TraceEvent[] = [];
      for (let k = Math.max(0, size - n); k < size; k++) out.push(at(k));
      return out;
    },
    query(q) {
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
