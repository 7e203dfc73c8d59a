import { create } from 'zustand';
import type { HistoryEvent, HistoryStatus, ProcessesAtResult, SeriesResult, TopResult } from '../../../native-bridge/contract/history.js';
import { getClient, type TriageClient } from '../../client/index.js';
import { describeError } from '../../client/errors.js';

export type RangePreset = '1h' | '24h' | '7d';
export const PRESETS: Record<RangePreset, { label: string; ms: number }> = {
  '1h': { label: '1 h', ms: 3_600_000 },
  '24h': { label: '24 h', ms: 86_400_000 },
  '7d': { label: '7 d', ms: 7 * 86_400_000 },
};

/** The series the page draws: what the dashboard's first charts show, recorded. */
export const HISTORY_SERIES = ['cpu.busy', 'cpu.iowait', 'mem.used', 'mem.total', 'load.one', 'psi.cpu.some', 'psi.memory.some', 'psi.io.some'];

/** Around a picked moment: the consumers over ±5 minutes, the events over ±15. */
const TOP_AROUND_MS = 5 * 60_000;
const EVENTS_AROUND_MS = 15 * 60_000;

export interface Range {
  /** A preset ends now; null once the user zoomed or typed a custom window. */
  preset: RangePreset | null;
  from: number;
  to: number;
}

type Loadable<T> = { status: 'idle' | 'loading' | 'ready' | 'error'; data: T | null; error: string | null };
const idle = <T>(): Loadable<T> => ({ status: 'idle', data: null, error: null });

/** A call's outcome as a Loadable: its answer, or one sentence saying why there is none. */
async function settled<T>(request: () => Promise<T>): Promise<Loadable<T>> {
  try {
    return { status: 'ready', data: await request(), error: null };
  } catch (error) {
    return { status: 'error', data: null, error: describeError(error) };
  }
}

/** Why a typed or brushed window cannot be shown, or null when it can. */
function windowProblem(from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'Give both ends of the window as a date and time.';
  if (to <= from) return 'The end of the window must come after its start.';
  if (to - from < 60_000) return 'Choose a window of at least one minute.';
  return null;
}

export interface Moment {
  at: number;
  table: Loadable<ProcessesAtResult>;
  top: Loadable<TopResult>;
  events: Loadable<{ events: HistoryEvent[]; omitted: number }>;
}

export interface HistoryState {
  status: Loadable<HistoryStatus>;
  range: Range;
  series: Loadable<SeriesResult>;
  /** "The machine at 10:31": null until a moment is picked. */
  moment: Moment | null;
  loadStatus(): Promise<void>;
  /** A preset window ending now (choosing it again moves it to the new now). */
  choosePreset(preset: RangePreset, now?: number): void;
  /** A window of the user's (brushed on a chart, or typed). */
  chooseWindow(from: number, to: number): string | null;
  /** Fetches the window at the resolution `maxPoints` allows (the chart's width: never more points than pixels). */
  loadSeries(maxPoints: number): Promise<void>;
  pickMoment(at: number): Promise<void>;
  closeMoment(): void;
  /** Where the last "Export this window" wrote its snapshot, or why it could not. */
  exported: Loadable<{ path: string; bytes: number }>;
  /** The chosen window as a snapshot file (snapshot.export with from/to, as `triage snapshot --from` calls it). */
  exportWindow(): Promise<void>;
}

export function createHistoryStore(clientOf: () => TriageClient = getClient, now: () => number = Date.now) {
  let seriesToken = 0;
  let momentToken = 0;
  return create<HistoryState>()((set, get) => ({
    status: idle(),
    range: { preset: '1h', from: now() - PRESETS['1h'].ms, to: now() },
    series: idle(),
    moment: null,
    exported: idle(),

    async loadStatus() {
      set((s) => ({ status: { ...s.status, status: 'loading' } }));
      set({ status: await settled(() => clientOf().call('history.status', {})) });
    },

    choosePreset(preset, at = now()) {
      set({ range: { preset, from: at - PRESETS[preset].ms, to: at } });
    },

    chooseWindow(from, to) {
      const problem = windowProblem(from, to);
      if (problem) return problem;
      set({ range: { preset: null, from: Math.round(from), to: Math.round(to) } });
      return null;
    },

    async loadSeries(maxPoints) {
      // The window as chosen: a preset ends when it was picked (pick it again to catch up with now).
      const window = get().range;
      const token = ++seriesToken;
      set((s) => ({ series: { ...s.series, status: 'loading', error: null } }));
      const series = await settled(() =>
        clientOf().call('history.series', {
          from: window.from,
          to: window.to,
          maxPoints: Math.max(2, Math.min(5000, Math.floor(maxPoints))),
          series: HISTORY_SERIES,
        }),
      );
      if (token === seriesToken) set({ series });
    },

    async pickMoment(at) {
      const token = ++momentToken;
      const loading = <T>(): Loadable<T> => ({ status: 'loading', data: null, error: null });
      set({ moment: { at, table: loading(), top: loading(), events: loading() } });
      const client = clientOf();
      const settle = async <K extends 'table' | 'top' | 'events'>(key: K, request: () => Promise<NonNullable<Moment[K]['data']>>) => {
        const next = await settled(request);
        const moment = get().moment;
        if (token === momentToken && moment) set({ moment: { ...moment, [key]: next } });
      };
      await Promise.all([
        settle('table', () => client.call('history.processesAt', { at })),
        settle('top', () => client.call('history.top', { from: at - TOP_AROUND_MS, to: at + TOP_AROUND_MS, by: 'cpu', limit: 10 })),
        settle('events', () => client.call('history.events', { from: at - EVENTS_AROUND_MS, to: at + EVENTS_AROUND_MS, limit: 200 })),
      ]);
    },

    closeMoment() {
      momentToken++;
      set({ moment: null });
    },

    async exportWindow() {
      const { range } = get();
      // A preset window ends now: export up to the moment the button is pressed.
      const to = range.preset ? now() : range.to;
      const from = range.preset ? to - PRESETS[range.preset].ms : range.from;
      set({ exported: { status: 'loading', data: null, error: null } });
      const exported = await settled(async () => {
        const result = await clientOf().call('snapshot.export', { from, to });
        return { path: result.path, bytes: result.bytes };
      });
      set({ exported });
    },
  }));
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
export const useHistory: HistoryStore = createHistoryStore();
