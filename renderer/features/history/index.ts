// What the snapshot viewer reuses: the recorded-series chart and the list of charts it draws.
export { HistoryChart } from './HistoryChart.js';
export { HISTORY_CHARTS } from './history-charts.js';
