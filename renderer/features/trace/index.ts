// What other features use: starting a trace (process detail) and the views the snapshot viewer reuses.
export { classIndex, failureSections } from './display.js';
export { useTrace } from './store.js';
export { EndView } from './views/EndView.js';
export { FailuresView } from './views/FailuresView.js';
