import { lazy } from 'react';

// What the snapshot viewer reuses: the recorded-series chart and the list of charts it draws.
export { HistoryChart } from './HistoryChart.js';
export { HISTORY_CHARTS } from './history-charts.js';

// What the dashboard's range bar drives: the window (presets, a validated custom window) and the recorded view.
export { PRESETS, useHistory, type HistoryStore, type RangePreset } from './store.js';
export { fromLocalInput, toLocalInput } from './time-format.js';
/** Loaded on first use: the live dashboard does not pay for the recorded view's code. */
export const HistoryWindow = lazy(() => import('./HistoryWindow.js').then((module) => ({ default: module.HistoryWindow })));
