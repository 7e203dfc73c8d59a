// What other features use: pinning a process (process detail) and the views the snapshot viewer reuses.
export { AlertItem } from './AlertsPanel.js';
export { pinSubtitle, pinTitle } from './display.js';
export { MemoryChart } from './MemoryChart.js';
export { pinProcess } from './store.js';
export { VerdictPanel } from './VerdictPanel.js';
