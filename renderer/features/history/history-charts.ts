import { formatBytes, formatPercent } from '../../app/format.js';
import type { HistoryLine } from './HistoryChart.js';

/** The recorded charts, shared by the dashboard’s recorded window and the snapshot viewer's recorded window. */
export const HISTORY_CHARTS: Array<{ title: string; lines: HistoryLine[]; unit: 'percent' | 'bytes' | 'load'; format: (v: number) => string }> = [
  { title: 'CPU busy', lines: [{ key: 'cpu.busy', label: 'busy' }, { key: 'cpu.iowait', label: 'waiting for I/O' }], unit: 'percent', format: formatPercent },
  { title: 'Memory used', lines: [{ key: 'mem.used', label: 'used' }], unit: 'bytes', format: formatBytes },
  { title: 'Load (1 min)', lines: [{ key: 'load.one', label: 'load' }], unit: 'load', format: (v) => v.toFixed(2) },
  {
    title: 'Pressure (some, 10 s)',
    lines: [
      { key: 'psi.cpu.some', label: 'CPU' },
      { key: 'psi.memory.some', label: 'memory' },
      { key: 'psi.io.some', label: 'I/O' },
    ],
    unit: 'percent',
    format: formatPercent,
  },
];
