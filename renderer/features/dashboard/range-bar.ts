import { create } from 'zustand';
import { PRESETS, useHistory, type HistoryStore, type RangePreset } from '../history/index.js';
import type { RangeAddress } from './range-address.js';

/** What the range bar offers: the live charts, a recorded window ending now, or a window of the user's. */
export type RangeChoice = 'live' | RangePreset | 'custom';

export const RANGE_CHOICES: ReadonlyArray<{ value: RangeChoice; label: string }> = [
  { value: 'live', label: 'Live' },
  ...(Object.keys(PRESETS) as RangePreset[]).map((preset) => ({ value: preset, label: PRESETS[preset].label })),
  { value: 'custom', label: 'Custom' },
];

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
  /** What the address names ("#/dashboard?range=1h&at=…", and the old #/history, sent there): that range and moment. */
  openAddress(address: RangeAddress): void;
}

/** The range bar's state; the window itself (from/to, zoom, validation) is the history store's. */
export function createRangeBar(historyStore: HistoryStore) {
  return create<RangeBarState>()((set) => ({
    live: true,
    custom: false,
    goLive() {
      historyStore.getState().closeMoment();
      set({ live: true, custom: false });
    },
    showPreset(preset) {
      historyStore.getState().choosePreset(preset);
      set({ live: false, custom: false });
    },
    openCustom() {
      set({ custom: true });
    },
    showWindow(from, to) {
      const problem = historyStore.getState().chooseWindow(from, to);
      if (problem === null) set({ live: false, custom: true });
      return problem;
    },
    openAddress(address) {
      const history = historyStore.getState();
      if (address.kind === 'live') {
        history.closeMoment();
        set({ live: true, custom: false });
        return;
      }
      if (address.kind === 'preset') {
        history.choosePreset(address.preset);
        set({ live: false, custom: false });
      } else if (history.chooseWindow(address.from, address.to) === null) {
        set({ live: false, custom: true });
      } else return; // a window that cannot be shown (ends before it starts): keep what is shown
      if (address.at === null) history.closeMoment();
      else if (history.moment?.at !== address.at) void history.pickMoment(address.at);
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
