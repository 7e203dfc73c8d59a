import type { RecipeInfo, SessionInfo } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import { FOCUS_VIEW } from '../display.js';
import type { TraceSlice, TraceState } from '../store.js';
import { startRequest } from './form.js';
import { EMPTY_QUERY } from './query.js';

export type TracePhase = 'idle' | 'starting' | 'running' | 'stopping' | 'ended';

/** The session slice: one trace's life (start or reopen, stop, save, close) and the other traces the backend holds. */
export interface SessionState {
  phase: TracePhase;
  /** What went wrong with the trace or the connection, one sentence, or null. */
  error: string | null;
  session: SessionInfo | null;
  saved: { path: string; bytes: number } | null;
  /** Traces the backend still holds (e.g. after a reload), to reopen or discard. */
  openSessions: readonly SessionInfo[];

  listSessions(): Promise<void>;
  start(size?: { cols: number; rows: number }): Promise<void>;
  reopen(session: SessionInfo): void;
  stop(): Promise<void>;
  /** Forgets the trace (deleting its capture) and goes back to the form. */
  close(): Promise<void>;
  discardOther(id: string): Promise<void>;
  saveCapture(): Promise<void>;
}

/** What belongs to one session across the slices: cleared together so nothing of a previous trace stays visible. */
function sessionStateCleared() {
  return {
    session: null,
    analysis: null,
    events: [],
    totalEvents: 0,
    olderOnDisk: 0,
    notSent: 0,
    saved: null,
    query: EMPTY_QUERY,
    error: null,
  };
}

/** A fresh page for a session: nothing of the previous trace stays visible. */
function sessionState(session: SessionInfo, recipes: readonly RecipeInfo[]): Partial<TraceState> {
  const focus = recipes.find((r) => r.id === session.recipe)?.focus;
  return {
    ...sessionStateCleared(),
    session,
    phase: session.state === 'ended' ? 'ended' : session.state === 'stopping' ? 'stopping' : 'running',
    view: focus ? FOCUS_VIEW[focus] : 'failures',
  };
}

export const sessionSlice: TraceSlice<SessionState> = (set, get, { clientOf, stream }) => ({
  phase: 'idle',
  error: null,
  session: null,
  saved: null,
  openSessions: [],

  async listSessions() {
    try {
      const all = await clientOf().call('trace.list', {});
      const current = get().session?.id;
      set({ openSessions: all.filter((s) => s.id !== current) });
    } catch {
      // Only an offer to reopen; the form works without it.
    }
  },

  async start(size = { cols: 100, rows: 30 }) {
    const state = get();
    if (state.phase === 'starting' || state.phase === 'running' || state.phase === 'stopping') return;
    const request = startRequest(state.form, size);
    if (!request.ok) {
      set({ formError: request.error });
      return;
    }
    set({ phase: 'starting', formError: null, error: null });
    try {
      const session = await clientOf().call('trace.start', request.input);
      stream.reset();
      set(sessionState(session, get().recipes));
      stream.subscribe(session.id);
    } catch (error) {
      set({ phase: 'idle', formError: describeError(error) });
    }
  },

  reopen(session) {
    stream.reset();
    set({ ...sessionState(session, get().recipes), openSessions: get().openSessions.filter((s) => s.id !== session.id) });
    stream.subscribe(session.id);
  },

  async stop() {
    const { session, phase } = get();
    if (!session || phase !== 'running') return;
    set({ phase: 'stopping' });
    try {
      const final = await clientOf().call('trace.stop', { id: session.id });
      if (get().session?.id === session.id) set({ session: final });
    } catch (error) {
      if (get().session?.id === session.id) set({ phase: 'running', error: `The trace could not be stopped: ${describeError(error)}` });
    }
  },

  async close() {
    const { session, phase } = get();
    stream.unsubscribe();
    stream.reset();
    set({ ...sessionStateCleared(), phase: 'idle' });
    if (!session) return;
    try {
      if (phase === 'running' || phase === 'stopping') await clientOf().call('trace.stop', { id: session.id });
      await clientOf().call('trace.discard', { id: session.id });
    } catch (error) {
      set({ error: `The previous trace could not be cleaned up: ${describeError(error)}` });
    }
  },

  async discardOther(id) {
    set({ openSessions: get().openSessions.filter((s) => s.id !== id) });
    try {
      await clientOf().call('trace.discard', { id });
    } catch {
      // Already gone: nothing to clean.
    }
  },

  async saveCapture() {
    const { session } = get();
    if (!session) return;
    try {
      set({ saved: await clientOf().call('trace.saveCapture', { id: session.id }) });
    } catch (error) {
      set({ error: `The capture could not be saved: ${describeError(error)}` });
    }
  },
});
