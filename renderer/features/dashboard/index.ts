// What the snapshot viewer reuses: the dashboard's chart card, chart models and time-series chart.
export { CHART_HEIGHT, ChartCard } from './charts/ChartCard.js';
export {
  coresModel,
  cpuModel,
  diskModel,
  loadModel,
  memoryModel,
  netModel,
  pickDevices,
  pressureModel,
  swapIoModel,
  swapModel,
  type ChartModel,
} from './charts/models.js';
export { TimeSeriesChart } from './charts/TimeSeriesChart.js';
