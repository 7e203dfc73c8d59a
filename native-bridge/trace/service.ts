import { dataDirs } from '../shared/data-dirs.js';
import { defaultCaptureDestination, saveCaptureCopy } from './save-capture.js';
import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import type { traceContract } from '../contract/trace.js';
import { RECIPES } from './recipes.js';
import { startTraceSession, type TraceSession, type TraceSessionOptions } from './session.js';

export interface TraceServiceOptions extends TraceSessionOptions {
  /** Where saved captures go when the user names no file; defaults to $XDG_STATE_HOME/triage. */
  stateDir?: string;
  /** Sessions kept at once (ended ones count until discarded). */
  maxSessions?: number;
}

export interface TraceService extends Implementation<typeof traceContract> {
  /** Stops every trace and deletes every capture (backend shutdown). */
  disposeAll(): Promise<void>;
}

type EventsSink = Parameters<TraceService['trace.events']>[1];

/** A late subscriber first gets what the store holds (the newest part) and the current analysis, then every batch. */
function streamEvents(s: TraceSession, sink: EventsSink): () => void {
  const info = s.info();
  const { store } = s.engine;
  const analysis = s.engine.analysis();
  sink.next({ kind: 'batch', events: store.tail(1000), omitted: Math.max(0, store.size - 1000), totalEvents: store.total, olderOnDisk: store.olderOnDisk, analysis });
  if (info.state === 'ended') {
    sink.next({ kind: 'ended', session: info, analysis: s.engine.analysis() });
    return () => {};
  }
  const offBatch = s.onBatch((b) => sink.next(b));
  const offEnd = s.onEnded((final) => sink.next({ kind: 'ended', session: final, analysis: s.engine.analysis() }));
  return () => {
    offBatch();
    offEnd();
  };
}

/** The trace capability behind the contract: one map of sessions, each a tracer + pty + parser. */
export function createTraceService(options: TraceServiceOptions = {}): TraceService {
  const sessions = new Map<string, TraceSession>();
  const maxSessions = options.maxSessions ?? 16;

  function get(id: string): TraceSession {
    const s = sessions.get(id);
    if (!s) throw new TriageError('NOT_FOUND', 'That trace no longer exists (it was closed or Triage restarted).');
    return s;
  }

  return {
    'trace.recipes': async () => RECIPES.map((r) => ({ ...r, tracerArgs: [...r.tracerArgs] })),
    'trace.start': async (input) => {
      if (sessions.size >= maxSessions) {
        throw new TriageError('RATE_LIMITED', `Too many traces are open (at most ${maxSessions}); close one first.`);
      }
      const session = await startTraceSession(input, options);
      sessions.set(session.id, session);
      return session.info();
    },
    'trace.stop': async ({ id }) => get(id).stop(),
    'trace.input': async ({ id, data }) => {
      get(id).write(data);
      return {};
    },
    'trace.resize': async ({ id, cols, rows }) => {
      get(id).resize(cols, rows);
      return {};
    },
    'trace.ackOutput': async ({ id, chars }) => {
      get(id).ack(chars);
      return {};
    },
    'trace.list': async () => [...sessions.values()].map((s) => s.info()),
    'trace.analysis': async ({ id }) => get(id).engine.analysis(),
    'trace.query': async ({ id, ...q }) => get(id).engine.query(q),
    'trace.saveCapture': async ({ id, path }) => {
      const info = get(id).info();
      const destination = path ?? (await defaultCaptureDestination(options.stateDir ?? dataDirs().state, id, info.tool));
      return saveCaptureCopy(info.capturePath, destination);
    },
    'trace.discard': async ({ id }) => {
      const s = get(id);
      sessions.delete(id);
      await s.discard();
      return {};
    },
    'trace.output': ({ id }, sink) => {
      const s = sessions.get(id);
      if (!s) {
        sink.fail(new TriageError('NOT_FOUND', 'That trace no longer exists.'));
        return () => {};
      }
      return s.onOutput((m) => sink.next(m));
    },
    'trace.events': ({ id }, sink) => {
      const s = sessions.get(id);
      if (!s) {
        sink.fail(new TriageError('NOT_FOUND', 'That trace no longer exists.'));
        return () => {};
      }
      return streamEvents(s, sink);
    },
    async disposeAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.discard()));
    },
  };
}
