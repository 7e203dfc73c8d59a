import { create } from 'zustand';
import type {
  EventsMessage,
  RecipeId,
  RecipeInfo,
  SessionInfo,
  StartInput,
  TraceAnalysis,
  TraceEvent,
} from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import { parseArgumentsField, parseEnvField, parsePidField } from './argv.js';
import { viewForFocus, type Filter, type ViewId } from './display.js';

/** Events kept in the page for the live list; the backend keeps more and the capture file keeps all. */
export const EVENT_CAP = 5000;
/** Matches fetched at most per filter query (the newest ones). */
export const QUERY_LIMIT = 2000;

export interface TraceForm {
  mode: 'launch' | 'attach';
  recipe: RecipeId;
  program: string;
  /** One argument per line, or one line split like a shell would (never run by one). */
  argsText: string;
  cwd: string;
  /** NAME=value per line. */
  envText: string;
  pidText: string;
}

export type TracePhase = 'idle' | 'starting' | 'running' | 'stopping' | 'ended';

export interface QueryState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  events: TraceEvent[];
  matched: number;
  /** Index of the first fetched event among all matches. */
  offset: number;
  error: string | null;
}

export interface TraceState {
  recipes: readonly RecipeInfo[];
  form: TraceForm;
  /** What is wrong with the form, one sentence, or null. */
  formError: string | null;
  phase: TracePhase;
  /** What went wrong with the trace or the connection, one sentence, or null. */
  error: string | null;
  session: SessionInfo | null;
  analysis: TraceAnalysis | null;
  /** The newest events (at most EVENT_CAP), oldest first; replaced, never mutated. */
  events: readonly TraceEvent[];
  totalEvents: number;
  /** Events pushed out of the backend's memory: only the capture file has them. */
  olderOnDisk: number;
  /** Events the backend parsed but did not send live (rate cap); queries still find them. */
  notSent: number;
  view: ViewId;
  filter: Filter;
  failedOnly: boolean;
  query: QueryState;
  saved: { path: string; bytes: number } | null;
  /** Traces the backend still holds (e.g. after a reload), to reopen or discard. */
  openSessions: readonly SessionInfo[];
  /** State updates applied from the event stream (what batching keeps low). */
  flushes: number;
  /** When the shown analysis arrived (ms since epoch), 0 before any. */

  loadRecipes(): Promise<void>;
  listSessions(): Promise<void>;
  setForm(patch: Partial<TraceForm>): void;
  chooseRecipe(id: RecipeId): void;
  start(size?: { cols: number; rows: number }): Promise<void>;
  reopen(session: SessionInfo): void;
  stop(): Promise<void>;
  /** Forgets the trace (deleting its capture) and goes back to the form. */
  close(): Promise<void>;
  discardOther(id: string): Promise<void>;
  saveCapture(): Promise<void>;
  setView(view: ViewId): void;
  setFilter(patch: Partial<Filter>): void;
  setFailedOnly(value: boolean): void;
  runQuery(): Promise<void>;
  /**
   * Asks for a fresh analysis when the stream has been quiet: a process blocked in one call sends no
   * events, yet "what is it waiting on" must show that call.
   */
  /** Takes one message of the trace.events stream (the subscription calls it; tests too). */
  ingest(message: EventsMessage): void;
  /** Applies everything ingested since the last flush in one update. */
  flush(): void;
}

/** Appends to an immutable list keeping the newest `cap` items. */
export function appendCapped<T>(list: readonly T[], added: readonly T[], cap: number): readonly T[] {
  if (added.length === 0) return list;
  if (added.length >= cap) return added.slice(added.length - cap);
  const keep = Math.min(list.length, cap - added.length);
  return [...list.slice(list.length - keep), ...added];
}

/** The start request the form describes, or one sentence saying what to fix. */
export function startRequest(form: TraceForm, size: { cols: number; rows: number }): { ok: true; input: StartInput } | { ok: false; error: string } {
  if (form.mode === 'attach') {
    const pid = parsePidField(form.pidText);
    if (!pid.ok) return pid;
    return { ok: true, input: { mode: 'attach', pid: pid.value, recipe: form.recipe } };
  }
  const program = form.program.trim();
  if (program === '') return { ok: false, error: 'Type the program to run, for example ls or /usr/bin/python3.' };
  const args = parseArgumentsField(form.argsText);
  if (!args.ok) return { ok: false, error: `Arguments: ${args.error}` };
  const env = parseEnvField(form.envText);
  if (!env.ok) return env;
  const cwd = form.cwd.trim();
  return {
    ok: true,
    input: {
      mode: 'launch',
      command: program,
      args: args.value,
      ...(cwd ? { cwd } : {}),
      ...(Object.keys(env.value).length > 0 ? { env: env.value } : {}),
      recipe: form.recipe,
      cols: size.cols,
      rows: size.rows,
    },
  };
}

const EMPTY_QUERY: QueryState = { status: 'idle', events: [], matched: 0, offset: 0, error: null };

const INITIAL_FORM: TraceForm = { mode: 'launch', recipe: 'fails-silently', program: '', argsText: '', cwd: '', envText: '', pidText: '' };

export interface TraceStoreOptions {
  clientOf?: () => TriageClient;
  /** How a flush is deferred: batches arriving together become one update (default: next frame, at most 4 a second). */
  schedule?: (flush: () => void) => void;
  eventCap?: number;
}

/** Stream updates reach the page at most this often: each one re-renders the session bar and the open view. */
export const MIN_FLUSH_MS = 250;

function nextFrame(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') {
    // A hidden tab gets no frames: fall back to a timer so the data still lands.
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      flush();
    };
    requestAnimationFrame(once);
    setTimeout(once, 250);
  } else setTimeout(flush, 16);
}

/** The next frame at least MIN_FLUSH_MS after the previous flush, so a flood becomes a few updates a second. */
function throttledFrames(): (flush: () => void) => void {
  let last = 0;
  return (flush) => {
    const run = () => {
      last = Date.now();
      flush();
    };
    const wait = last + MIN_FLUSH_MS - Date.now();
    if (wait <= 0) nextFrame(run);
    else setTimeout(() => nextFrame(run), wait);
  };
}

export function createTraceStore(options: TraceStoreOptions = {}) {
  const clientOf = options.clientOf ?? getClient;
  const schedule = options.schedule ?? throttledFrames();
  const cap = options.eventCap ?? EVENT_CAP;
  let unsubscribe: (() => void) | null = null;
  let subscribedId: string | null = null;
  // Batches waiting for the next flush.
  let pending: TraceEvent[][] = [];
  let pendingAnalysis: TraceAnalysis | null = null;
  let pendingTotals: { totalEvents: number; olderOnDisk: number } | null = null;
  let pendingNotSent = 0;
  let pendingEnd: SessionInfo | null = null;
  let scheduled = false;
  let queryToken = 0;

  return create<TraceState>()((set, get) => {
    function resetPending(): void {
      pending = [];
      pendingAnalysis = null;
      pendingTotals = null;
      pendingNotSent = 0;
      pendingEnd = null;
      scheduled = false;
    }

    function unsubscribeEvents(): void {
      unsubscribe?.();
      unsubscribe = null;
      subscribedId = null;
    }

    function subscribeEvents(id: string): void {
      unsubscribeEvents();
      subscribedId = id;
      unsubscribe = clientOf().subscribe(
        'trace.events',
        { id },
        {
          next: (message) => {
            if (subscribedId === id) get().ingest(message);
          },
          error: (error) => {
            if (subscribedId !== id) return;
            unsubscribe = null;
            subscribedId = null;
            set({ error: `Live updates stopped: ${error.message}` });
          },
        },
      );
    }

    /** A fresh page for a session: nothing of the previous trace stays visible. */
    function sessionState(session: SessionInfo, recipes: readonly RecipeInfo[]) {
      const focus = recipes.find((r) => r.id === session.recipe)?.focus;
      return {
        session,
        phase: (session.state === 'ended' ? 'ended' : session.state === 'stopping' ? 'stopping' : 'running') as TracePhase,
        error: null,
        analysis: null,
        events: [],
        totalEvents: 0,
        olderOnDisk: 0,
        notSent: 0,
        saved: null,
        query: EMPTY_QUERY,
        view: focus ? viewForFocus(focus) : ('failures' as ViewId),
      };
    }

    return {
      recipes: [],
      form: INITIAL_FORM,
      formError: null,
      phase: 'idle',
      error: null,
      session: null,
      analysis: null,
      events: [],
      totalEvents: 0,
      olderOnDisk: 0,
      notSent: 0,
      view: 'failures',
      filter: { classes: [], text: '' },
      failedOnly: false,
      query: EMPTY_QUERY,
      saved: null,
      openSessions: [],
      flushes: 0,

      async loadRecipes() {
        if (get().recipes.length > 0) return;
        try {
          set({ recipes: await clientOf().call('trace.recipes', {}) });
        } catch (error) {
          set({ error: `The trace presets could not be loaded: ${describeError(error)}` });
        }
      },

      async listSessions() {
        try {
          const all = await clientOf().call('trace.list', {});
          const current = get().session?.id;
          set({ openSessions: all.filter((s) => s.id !== current) });
        } catch {
          // Only an offer to reopen; the form works without it.
        }
      },

      setForm(patch) {
        set({ form: { ...get().form, ...patch }, formError: null });
      },

      chooseRecipe(id) {
        const recipe = get().recipes.find((r) => r.id === id);
        const form = get().form;
        // A recipe that only attaches switches the form to attach; one that only launches, to launch.
        const mode = recipe?.mode === 'attach' ? 'attach' : recipe?.mode === 'launch' ? 'launch' : form.mode;
        set({ form: { ...form, recipe: id, mode }, formError: null });
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
          resetPending();
          set(sessionState(session, get().recipes));
          subscribeEvents(session.id);
        } catch (error) {
          set({ phase: 'idle', formError: describeError(error) });
        }
      },

      reopen(session) {
        resetPending();
        set({ ...sessionState(session, get().recipes), openSessions: get().openSessions.filter((s) => s.id !== session.id) });
        subscribeEvents(session.id);
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
        unsubscribeEvents();
        resetPending();
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

      setView(view) {
        set({ view });
      },

      setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
      },

      setFailedOnly(value) {
        set({ failedOnly: value });
      },

      async runQuery() {
        const { session, filter, failedOnly } = get();
        if (!session) return;
        const token = ++queryToken;
        set({ query: { ...get().query, status: 'loading', error: null } });
        const base = {
          id: session.id,
          ...(filter.classes.length > 0 ? { classes: [...filter.classes] } : {}),
          ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
          failedOnly,
        };
        try {
          const client = clientOf();
          let result = await client.call('trace.query', { ...base, offset: 0, limit: QUERY_LIMIT });
          let offset = 0;
          // The newest matches are the interesting ones: fetch the last page when there are more.
          if (result.matched > QUERY_LIMIT) {
            offset = result.matched - QUERY_LIMIT;
            result = await client.call('trace.query', { ...base, offset, limit: QUERY_LIMIT });
          }
          if (token !== queryToken) return;
          set({ query: { status: 'ready', events: result.events, matched: result.matched, offset, error: null } });
        } catch (error) {
          if (token !== queryToken) return;
          set({ query: { ...EMPTY_QUERY, status: 'error', error: describeError(error) } });
        }
      },

      ingest(message) {
        if (message.kind === 'batch') {
          if (message.events.length > 0) pending.push(message.events);
          if (message.analysis) pendingAnalysis = message.analysis;
          pendingTotals = { totalEvents: message.totalEvents, olderOnDisk: message.olderOnDisk };
          pendingNotSent += message.omitted;
        } else {
          pendingAnalysis = message.analysis;
          pendingEnd = message.session;
          pendingTotals = { totalEvents: message.session.events, olderOnDisk: message.session.olderOnDisk };
        }
        if (!scheduled) {
          scheduled = true;
          schedule(() => get().flush());
        }
      },

      flush() {
        if (!scheduled) return;
        const state = get();
        let events = state.events;
        for (const batch of pending) events = appendCapped(events, batch, cap);
        const patch: Partial<TraceState> = { events, notSent: state.notSent + pendingNotSent, flushes: state.flushes + 1 };
        if (pendingAnalysis) patch.analysis = pendingAnalysis;
        if (pendingTotals) Object.assign(patch, pendingTotals);
        if (pendingEnd) {
          patch.session = pendingEnd;
          patch.phase = 'ended';
        }
        resetPending();
        set(patch);
      },
    };
  });
}

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

export type TraceStore = ReturnType<typeof createTraceStore>;

/** The app's trace store: one per app, so a trace survives switching pages. */
export const useTrace: TraceStore = createTraceStore();
