import type { EventsMessage, TraceAnalysis, TraceEvent, TraceTool } from '../contract/trace.js';
import { createAnalysis, type Analysis } from './analysis.js';
import { createEventParser, type InFlight } from './event-parser.js';
import { createEventStore, type EventQuery } from './event-store.js';
import { parseTraceLine } from './trace-line.js';

export type BatchMessage = Extract<EventsMessage, { kind: 'batch' }>;

export interface TraceEngineOptions {
  tool: TraceTool;
  storeCapacity?: number;
  /** How often parsed events go out to listeners. */
  batchMs?: number;
  /**
   * Events per batch at most: the newest are sent, older ones in the same window are counted as omitted
   * (they stay in the store and the capture; queries find them). The page shows a live tail, and the
   * last events before a crash must be in it.
   */
  maxBatchEvents?: number;
  /** How often a batch also carries a fresh analysis. */
  analysisMs?: number;
  onBatch?(batch: BatchMessage): void;
}

export type TraceEngine = ReturnType<typeof createTraceEngine>;

/** Parser, incremental analysis, capped store and batching, wired together for one trace. */
// eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
export function createTraceEngine(options: TraceEngineOptions) {
  const store = createEventStore(options.storeCapacity ?? 50_000);
  const analysis: Analysis = createAnalysis();
  // A few small messages a second: the page parses and validates each one on its main thread, and a
  // person cannot read more than this live anyway (about 1,000 events/s at most).
  const batchMs = options.batchMs ?? 250;
  const maxBatch = options.maxBatchEvents ?? 250;
  const analysisMs = options.analysisMs ?? 1000;
  let batch: TraceEvent[] = [];
  let omitted = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastAnalysisAt = 0;
  let partial = '';
  let disposed = false;
  let firstPid: number | null = null;

  const parser = createEventParser(options.tool, (parsed) => {
    if (firstPid === null && parsed.pid > 0) firstPid = parsed.pid;
    // The stored copy is the one kept anywhere (analysis examples, batches): one copy per event.
    const event = store.push(parsed);
    analysis.add(event);
    if (!options.onBatch) return;
    batch.push(event);
    // Trimmed in steps, not per event, so a flood costs one copy per maxBatch events.
    if (batch.length >= 2 * maxBatch) trimBatch();
    timer ??= setTimeout(() => flush(false), batchMs);
  });

  function trimBatch(): void {
    if (batch.length <= maxBatch) return;
    omitted += batch.length - maxBatch;
    batch = batch.slice(batch.length - maxBatch);
  }

  function inFlight(): InFlight[] {
    const list = parser.inFlight();
    if (partial) {
      const l = parseTraceLine(partial);
      if (l.type === 'unfinished') list.push({ pid: l.pid, time: l.time, name: l.name, argsText: l.partial });
    }
    return list;
  }

  function snapshot(): TraceAnalysis {
    return analysis.snapshot({ lines: parser.lines, unparsed: parser.unparsed, inFlight: inFlight() });
  }

  function flush(final: boolean): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (disposed || !options.onBatch) return;
    const now = Date.now();
    const withAnalysis = final || now - lastAnalysisAt >= analysisMs;
    if (withAnalysis) lastAnalysisAt = now;
    trimBatch();
    options.onBatch({
      kind: 'batch',
      events: batch,
      omitted,
      totalEvents: store.total,
      olderOnDisk: store.olderOnDisk,
      analysis: withAnalysis ? snapshot() : null,
    });
    batch = [];
    omitted = 0;
    // Keep the analysis fresh while a quiet trace sits in a blocking call.
    if (!final && !withAnalysis) timer = setTimeout(() => flush(false), analysisMs);
  }

  return {
    store,
    parser,
    /** The pid of the first event (the launched program under strace), null before any event. */
    get firstPid() {
      return firstPid;
    },
    lines(lines: readonly string[]) {
      for (const line of lines) parser.line(line);
    },
    /** The line the tracer is still writing (a call in progress when a single process is traced). */
    setPartial(text: string) {
      if (text === partial) return;
      partial = text;
      // A call the program is blocked in shows up only here (no line ends): the analysis on the stream must
      // carry it, so a change schedules a batch like a new event does (no view polls for it).
      if (options.onBatch && !disposed) timer ??= setTimeout(() => flush(false), batchMs);
    },
    setMainPid(pid: number) {
      analysis.setMainPid(pid);
    },
    /** The trace is over: flush cut calls and send a last batch with the analysis. */
    end() {
      if (partial) {
        // The tracer stopped mid-line (e.g. `read(0,  <detached ...>` without a newline).
        parser.line(partial);
        partial = '';
      }
      parser.end();
      flush(true);
    },
    analysis: snapshot,
    query(q: EventQuery) {
      return { ...store.query(q), olderOnDisk: store.olderOnDisk };
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
