import { formatAxisValue, formatValue, type MetricMeta } from './format.js';

/**
 * Every metric the UI shows, declared once: its label, unit and whether it is a per-second rate.
 * Charts, tooltips and the header row format through this table instead of ad-hoc strings.
 */
export const METRICS = {
  'cpu.busy': { label: 'CPU', unit: 'percent', isRate: false, description: 'Share of all CPUs not idle' },
  'cpu.user': { label: 'User', unit: 'percent', isRate: false, description: 'Time running user code' },
  'cpu.system': { label: 'System', unit: 'percent', isRate: false, description: 'Time in the kernel' },
  'cpu.iowait': { label: 'I/O wait', unit: 'percent', isRate: false, description: 'Idle while waiting for disk I/O' },
  'cpu.steal': { label: 'Steal', unit: 'percent', isRate: false, description: 'Time taken by the hypervisor' },
  'core.busy': { label: 'Busy', unit: 'percent', isRate: false, description: 'Share of this core not idle' },
  'load.one': { label: '1 min', unit: 'load', isRate: false, description: 'Load average over 1 minute' },
  'load.five': { label: '5 min', unit: 'load', isRate: false, description: 'Load average over 5 minutes' },
  'load.fifteen': { label: '15 min', unit: 'load', isRate: false, description: 'Load average over 15 minutes' },
  'load.cores': { label: 'Cores', unit: 'count', isRate: false, description: 'Logical CPUs: load above this means waiting' },
  'mem.total': { label: 'Total', unit: 'bytes', isRate: false },
  'mem.used': { label: 'Used', unit: 'bytes', isRate: false, description: 'Memory in use by programs' },
  'mem.cache': { label: 'Buffers/cache', unit: 'bytes', isRate: false, description: 'Reclaimable file cache' },
  'mem.available': { label: 'Available', unit: 'bytes', isRate: false, description: 'What programs can still get' },
  'swap.used': { label: 'Swap used', unit: 'bytes', isRate: false },
  'swap.total': { label: 'Swap total', unit: 'bytes', isRate: false },
  'swap.in': { label: 'Swap in', unit: 'bytes', isRate: true, description: 'Read back from swap' },
  'swap.out': { label: 'Swap out', unit: 'bytes', isRate: true, description: 'Written out to swap' },
  'psi.cpu': { label: 'CPU', unit: 'percent', isRate: false, description: 'Time some task waited for CPU (avg10)' },
  'psi.memory': { label: 'Memory', unit: 'percent', isRate: false, description: 'Time some task waited for memory (avg10)' },
  'psi.io': { label: 'I/O', unit: 'percent', isRate: false, description: 'Time some task waited for I/O (avg10)' },
  'disk.read': { label: 'Read', unit: 'bytes', isRate: true },
  'disk.write': { label: 'Write', unit: 'bytes', isRate: true },
  'disk.readOps': { label: 'Reads', unit: 'ops', isRate: true },
  'disk.writeOps': { label: 'Writes', unit: 'ops', isRate: true },
  'disk.busy': { label: 'Busy', unit: 'percent', isRate: false, description: 'Share of time with I/O in flight' },
  'net.rx': { label: 'Received', unit: 'bytes', isRate: true },
  'net.tx': { label: 'Sent', unit: 'bytes', isRate: true },
  'net.errors': { label: 'Errors', unit: 'count', isRate: true, description: 'Receive + send errors' },
  'net.drops': { label: 'Drops', unit: 'count', isRate: true, description: 'Receive + send drops' },
  uptime: { label: 'Uptime', unit: 'seconds', isRate: false },
  processes: { label: 'Processes', unit: 'count', isRate: false },
} as const satisfies Record<string, MetricMeta>;

export type MetricId = keyof typeof METRICS;

export function formatMetric(id: MetricId, value: number | null | undefined): string {
  return formatValue(METRICS[id], value);
}

export function formatMetricAxis(id: MetricId, value: number): string {
  return formatAxisValue(METRICS[id], value);
}
