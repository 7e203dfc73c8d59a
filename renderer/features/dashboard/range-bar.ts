import { create } from 'zustand';
import { PRESETS, useHistory, type HistoryStore, type RangePreset } from '../history/index.js';

/** What the range bar offers: the live charts, a recorded window ending now, or a window of the user's. */
export type RangeChoice = 'live' | RangePreset | 'custom';

export const RANGE_CHOICES: ReadonlyArray<{ value: RangeChoice; label: string }> = [
  { value: 'live', label: 'Live' },
  ...(Object.keys(PRESETS) as RangePreset[]).map((preset) => ({ value: preset, label: PRESETS[preset].label })),
  { value: 'custom', label: 'Custom' },
];

const isPreset = (value: string): value is RangePreset => value in PRESETS;

export interface RangeBarState {
  /** The live charts show (the recorded window is not mounted, so nothing is fetched for it). */
  live: boolean;
  /** The from/to form is open (Custom pressed, or a window typed or brushed). */
  custom: boolean;
  goLive(): void;
  /** A recorded window ending now (choosing it again moves it to the new now). */
  showPreset(preset: RangePreset): void;
  /** Custom pressed: the form opens, what is drawn stays until a window is applied. */
  openCustom(): void;
  /** A typed window: the validation message, or null once it shows. */
  showWindow(from: number, to: number): string | null;
  /** "#/dashboard?range=1h" (and the old #/history, sent there): opens that range; unknown values are ignored. */
  openFromRoute(range: string | null): void;
}

/** The range bar's state; the window itself (from/to, zoom, validation) is the history store's. */
export function createRangeBar(history: HistoryStore) {
  return create<RangeBarState>()((set) => ({
    live: true,
    custom: false,
    goLive() {
      history.getState().closeMoment();
      set({ live: true, custom: false });
    },
    showPreset(preset) {
      history.getState().choosePreset(preset);
      set({ live: false, custom: false });
    },
    openCustom() {
      set({ custom: true });
    },
    showWindow(from, to) {
      const problem = history.getState().chooseWindow(from, to);
      if (problem === null) set({ live: false, custom: true });
      return problem;
    },
    openFromRoute(range) {
      if (range === 'live') set({ live: true, custom: false });
      else if (range !== null && isPreset(range)) {
        history.getState().choosePreset(range);
        set({ live: false, custom: false });
      }
    },
  }));
}

export type RangeBarStore = ReturnType<typeof createRangeBar>;
export const useRangeBar: RangeBarStore = createRangeBar(useHistory);

/** The pressed button: a brushed zoom leaves the preset, so it reads as Custom. */
export function choiceOf(bar: Pick<RangeBarState, 'live' | 'custom'>, preset: RangePreset | null): RangeChoice {
  if (bar.custom) return 'custom';
  if (bar.live) return 'live';
  return preset ?? 'custom';
}
