import { create } from 'zustand';
import type { ChangeEvent } from '../../../native-bridge/contract/changes.js';
import type { MetricsMessage, SystemSample, TriageErrorShape } from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import { appendSample, fromHistory, lowerBound, RING_CAPACITY, windowOf } from './ring.js';
import { documentVisibility, type PageVisibility } from '../../app/page-visibility.js';

export const WINDOW_CHOICES = [
  { ms: 60_000, label: '1 min' },
  { ms: 5 * 60_000, label: '5 min' },
  { ms: 15 * 60_000, label: '15 min' },
] as const;
export type WindowMs = (typeof WINDOW_CHOICES)[number]['ms'];

export const INTERVAL_CHOICES = [500, 1000, 2000, 5000, 10_000] as const;
export type IntervalChoice = (typeof INTERVAL_CHOICES)[number];

export type DashboardStatus = 'idle' | 'waiting' | 'live' | 'error';

export interface DashboardState {
  status: DashboardStatus;
  /** One plain sentence for the user, or null. */
  error: string | null;
  /** Everything received, oldest first, at most RING_CAPACITY; replaced (never mutated) on each sample. */
  samples: readonly SystemSample[];
  /** The ring as it was when the user paused; what the charts show until resume. */
  frozen: readonly SystemSample[] | null;
  /** What the charts draw: the selected window of `frozen ?? samples`. */
  view: readonly SystemSample[];
  /** Newest sample in `view` (what the header shows). */
  latest: SystemSample | null;
  windowMs: WindowMs;
  paused: boolean;
  /** Samples that arrived since pausing (shown as "n new"). */
  missedWhilePaused: number;
  intervalMs: number;
  intervalPending: boolean;
  /** What changed in the ring's span (chart markers), oldest first; the same array while nothing changed. */
  changes: readonly ChangeEvent[];
  /** Why the markers could not be asked for, or null. */
  changesError: string | null;
  /** The marker clicked for details, or null. */
  selectedChange: ChangeEvent | null;
  /**
   * False while the page is hidden (another tab, a minimised window): the stream is closed, so no
   * sample is even sent, parsed or stored for nobody; showing again re-subscribes, and the backend's
   * history (its ring keeps filling for findings and the recorder) catches the charts up in one render.
   */
  pageVisible: boolean;

  /** Subscribes to system.metrics once (while the page is visible); later calls do nothing until stop(). */
  start(): void;
  stop(): void;
  /** Feeds one stream message (what the subscription does; exposed for the store's own tests). */
  ingest(message: MetricsMessage): void;
  setWindow(windowMs: WindowMs): void;
  pause(): void;
  resume(): void;
  setInterval(intervalMs: IntervalChoice): Promise<void>;
  /** Asks what changed over the longest window the charts show; the markers update only if it differs. */
  loadChanges(): Promise<void>;
  /** Replaces the markers unless they are the same events (then nothing re-renders). */
  setChanges(events: readonly ChangeEvent[]): void;
  selectChange(event: ChangeEvent | null): void;
  setPageVisible(visible: boolean): void;
}

/** The document's visibility, and a way to hear of changes (absent outside a browser: always visible). */
/** The widest chart window: markers cover it. */
const CHANGES_SPAN_MS = Math.max(...WINDOW_CHOICES.map((w) => w.ms));

const sameChange = (a: ChangeEvent, b: ChangeEvent): boolean => a.time === b.time && a.kind === b.kind && a.title === b.title && a.detail === b.detail;
export const sameChanges = (a: readonly ChangeEvent[], b: readonly ChangeEvent[]): boolean => a.length === b.length && a.every((e, i) => sameChange(e, b[i]!));

function latestOf(view: readonly SystemSample[]): SystemSample | null {
  return view[view.length - 1] ?? null;
}

// eslint-disable-next-line max-lines-per-function -- one zustand store whose actions share its closure; not split into slices yet
export function createDashboardStore(
  clientOf: () => TriageClient = getClient,
  capacity = RING_CAPACITY,
  visibility: PageVisibility | null = documentVisibility(),
) {
  /** start() was called and stop() not since: the stream is wanted whenever the page is visible. */
  let started = false;
  let unsubscribe: (() => void) | null = null;
  let stopWatchingVisibility: (() => void) | null = null;

  // eslint-disable-next-line max-lines-per-function -- one zustand store whose actions share its closure; not split into slices yet
  return create<DashboardState>()((set, get) => {
    /** Recomputes what is displayed; while paused only a window change gets here. */
    const display = (source: readonly SystemSample[], windowMs: WindowMs) => {
      const view = windowOf(source, windowMs);
      return { view, latest: latestOf(view) };
    };

    /** Opens the stream if it is wanted and the page is seen; its first message is the backend's history. */
    const subscribe = () => {
      if (!started || unsubscribe || !get().pageVisible) return;
      unsubscribe = clientOf().subscribe(
        'system.metrics',
        {},
        {
          next: (message) => get().ingest(message),
          error: (error: TriageErrorShape) => {
            unsubscribe = null;
            set({ status: 'error', error: error.message });
          },
        },
      );
    };
    const closeStream = () => {
      unsubscribe?.();
      unsubscribe = null;
    };

    return {
      status: 'idle',
      error: null,
      samples: [],
      frozen: null,
      view: [],
      latest: null,
      windowMs: 60_000,
      paused: false,
      missedWhilePaused: 0,
      intervalMs: 1000,
      intervalPending: false,
      changes: [],
      changesError: null,
      selectedChange: null,
      pageVisible: visibility?.visible() ?? true,

      start() {
        if (started && (unsubscribe || !get().pageVisible)) return;
        started = true;
        if (visibility && !stopWatchingVisibility) {
          stopWatchingVisibility = visibility.onChange(() => get().setPageVisible(visibility.visible()));
          get().setPageVisible(visibility.visible());
        }
        // A failed stream is retried from 'error'; a first start waits for its history.
        if (get().status !== 'live') set({ status: 'waiting', error: null });
        subscribe();
      },

      stop() {
        started = false;
        closeStream();
        stopWatchingVisibility?.();
        stopWatchingVisibility = null;
        set({ status: 'idle' });
      },

      ingest(message) {
        const state = get();
        if (message.kind === 'history') {
          const samples = fromHistory(message.samples, capacity);
          // Paused: what arrived since the pause is counted from the history (the stream may have been closed while hidden).
          const frozenAt = state.frozen?.[state.frozen.length - 1]?.time;
          set({
            samples,
            intervalMs: message.intervalMs,
            status: 'live',
            error: null,
            ...(state.paused && frozenAt !== undefined ? { missedWhilePaused: samples.length - lowerBound(samples, frozenAt + 1) } : {}),
            ...(state.paused || !state.pageVisible ? {} : display(samples, state.windowMs)),
          });
          return;
        }
        const samples = appendSample(state.samples, message.sample, capacity);
        if (samples === state.samples) return;
        if (state.paused) {
          // Still receiving, so resume can jump straight to live; nothing displayed changes.
          set({ samples, missedWhilePaused: state.missedWhilePaused + 1, status: 'live' });
          return;
        }
        if (!state.pageVisible) {
          // One already on its way when the stream closed: keep it, draw nothing (nobody sees the page).
          set({ samples, status: 'live' });
          return;
        }
        set({ samples, status: 'live', ...display(samples, state.windowMs) });
      },

      setWindow(windowMs) {
        const state = get();
        if (windowMs === state.windowMs) return;
        set({ windowMs, ...display(state.frozen ?? state.samples, windowMs) });
      },

      setPageVisible(visible) {
        const state = get();
        if (visible === state.pageVisible) return;
        set({ pageVisible: visible });
        // Hidden: nothing is sent at all. Shown: the history message that opens the new stream draws the newest window.
        if (visible) subscribe();
        else closeStream();
      },

      pause() {
        const state = get();
        if (state.paused) return;
        set({ paused: true, frozen: state.samples, missedWhilePaused: 0 });
      },

      resume() {
        const state = get();
        if (!state.paused) return;
        set({ paused: false, frozen: null, missedWhilePaused: 0, ...display(state.samples, state.windowMs) });
      },

      async setInterval(intervalMs) {
        set({ intervalPending: true });
        try {
          const result = await clientOf().call('system.setInterval', { intervalMs });
          set({ intervalMs: result.intervalMs, intervalPending: false, error: null });
        } catch (error) {
          set({ intervalPending: false, error: `The sampling interval could not be changed: ${describeError(error)}` });
        }
      },

      async loadChanges() {
        try {
          const list = await clientOf().call('changes.list', { sinceMs: Date.now() - CHANGES_SPAN_MS });
          // The list is newest first; charts read time left to right.
          get().setChanges([...list.events].reverse());
          if (get().changesError !== null) set({ changesError: null });
        } catch (error) {
          // Markers already drawn stay: they did happen.
          set({ changesError: `What changed could not be asked: ${describeError(error)}` });
        }
      },

      setChanges(events) {
        if (sameChanges(get().changes, events)) return;
        set({ changes: events });
      },

      selectChange(event) {
        set({ selectedChange: event });
      },
    };
  });
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

/** The app's dashboard store: one subscription however many components read it. */
export const useDashboard: DashboardStore = createDashboardStore();
