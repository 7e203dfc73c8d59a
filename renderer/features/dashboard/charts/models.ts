import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { plural } from '../../../app/format.js';
import type { MetricId } from '../../../app/metrics.js';
import { seriesColor, type ChartPalette } from '../../../app/palette.js';
import type { DownsampleMode, Field } from '../../../app/downsample.js';
import type { YScaleOptions } from '../../../app/y-scale.js';

export interface SeriesDef extends Field<SystemSample> {
  label: string;
  metric: MetricId;
  color: string;
  dashed?: boolean;
  /** Stacked areas share a stack id; series without one are lines. */
  stackId?: string;
  /** Carried in the rows and shown in the tooltip, not drawn (busy %, errors, drops). */
  tooltipOnly?: boolean;
}

export interface ReferenceDef {
  y: number;
  label: string;
}

export interface ChartModel {
  mode: DownsampleMode;
  /** Formats the y-axis ticks. */
  axisMetric: MetricId;
  series: readonly SeriesDef[];
  y: YScaleOptions;
  references: readonly ReferenceDef[];
}

const PERCENT: YScaleOptions = { fixedMax: 100 };
/** Rates and small percentages: never collapse to a zero-height axis on an idle machine. */
const AUTO = (minTop: number): YScaleOptions => ({ minTop });

export function cpuModel(p: ChartPalette): ChartModel {
  const stack = (key: 'user' | 'system' | 'iowait' | 'steal', color: string): SeriesDef => ({
    key,
    label: '',
    metric: `cpu.${key}`,
    color,
    stackId: 'cpu',
    read: (s) => s.cpu.total[key],
  });
  const series = [stack('user', p.user), stack('system', p.system), stack('iowait', p.iowait), stack('steal', p.steal)];
  return { mode: 'avg', axisMetric: 'cpu.busy', series, y: PERCENT, references: [] };
}

/** Above this many cores one line each is unreadable: show the busiest, mean and idlest core instead. */
export const MAX_CORE_LINES = 16;

export function coresModel(p: ChartPalette, coreCount: number): ChartModel {
  if (coreCount <= MAX_CORE_LINES) {
    const series: SeriesDef[] = Array.from({ length: coreCount }, (_, i) => ({
      key: `c${i}`,
      label: `cpu${i}`,
      metric: 'core.busy',
      color: seriesColor(p, i),
      read: (s) => s.cpu.cores[i]?.busy ?? null,
    }));
    return { mode: 'max', axisMetric: 'core.busy', series, y: PERCENT, references: [] };
  }
  const over = (s: SystemSample, pick: (values: number[]) => number): number | null =>
    s.cpu.cores.length ? pick(s.cpu.cores.map((core) => core.busy)) : null;
  const series: SeriesDef[] = [
    { key: 'hi', label: 'Busiest core', metric: 'core.busy', color: p.system, read: (s) => over(s, (v) => Math.max(...v)) },
    {
      key: 'mean',
      label: 'Mean',
      metric: 'core.busy',
      color: p.user,
      read: (s) => over(s, (v) => v.reduce((a, b) => a + b, 0) / v.length),
    },
    { key: 'lo', label: 'Idlest core', metric: 'core.busy', color: p.available, read: (s) => over(s, (v) => Math.min(...v)) },
  ];
  return { mode: 'max', axisMetric: 'core.busy', series, y: PERCENT, references: [] };
}

export function loadModel(p: ChartPalette, cores: number): ChartModel {
  const line = (key: 'one' | 'five' | 'fifteen', color: string, dashed = false): SeriesDef => ({
    key,
    label: '',
    metric: `load.${key}`,
    color,
    dashed,
    read: (s) => s.load[key],
  });
  return {
    mode: 'max',
    axisMetric: 'load.one',
    series: [line('one', seriesColor(p, 0)), line('five', seriesColor(p, 4)), line('fifteen', seriesColor(p, 7), true)],
    // The core count is where load turns into waiting: keep it on screen even on an idle machine.
    y: { minTop: Math.max(cores * 1.15, 1) },
    references: cores > 0 ? [{ y: cores, label: plural(cores, 'core') }] : [],
  };
}

export function memoryModel(p: ChartPalette, totalBytes: number): ChartModel {
  return {
    mode: 'avg',
    axisMetric: 'mem.used',
    series: [
      { key: 'used', label: '', metric: 'mem.used', color: p.used, stackId: 'mem', read: (s) => s.memory.usedBytes },
      {
        key: 'cache',
        label: '',
        metric: 'mem.cache',
        color: p.cache,
        stackId: 'mem',
        read: (s) => s.memory.buffersBytes + s.memory.cachedBytes,
      },
      { key: 'avail', label: '', metric: 'mem.available', color: p.available, read: (s) => s.memory.availableBytes },
    ],
    y: totalBytes > 0 ? { fixedMax: totalBytes } : AUTO(1024 * 1024),
    references: [],
  };
}

export function swapModel(p: ChartPalette, swapTotalBytes: number): ChartModel {
  return {
    mode: 'avg',
    axisMetric: 'swap.used',
    series: [{ key: 'used', label: '', metric: 'swap.used', color: p.swap, stackId: 'swap', read: (s) => s.memory.swapUsedBytes }],
    y: swapTotalBytes > 0 ? { fixedMax: swapTotalBytes } : AUTO(1024 * 1024),
    references: [],
  };
}

export function swapIoModel(p: ChartPalette): ChartModel {
  return {
    mode: 'max',
    axisMetric: 'swap.in',
    series: [
      { key: 'in', label: '', metric: 'swap.in', color: p.available, read: (s) => s.memory.swapInBytesPerSec },
      { key: 'out', label: '', metric: 'swap.out', color: p.swap, dashed: true, read: (s) => s.memory.swapOutBytesPerSec },
    ],
    y: AUTO(4096),
    references: [],
  };
}

export function pressureModel(p: ChartPalette): ChartModel {
  const line = (key: 'cpu' | 'memory' | 'io', color: string): SeriesDef => ({
    key,
    label: '',
    metric: `psi.${key}`,
    color,
    read: (s) => s.pressure?.[key]?.some.avg10 ?? null,
  });
  return {
    mode: 'max',
    axisMetric: 'psi.cpu',
    series: [line('cpu', p.user), line('memory', p.swap), line('io', p.iowait)],
    y: AUTO(1),
    references: [],
  };
}

/** Devices and interfaces beyond this many, the least active, are left out of the chart (the legend says so). */
export const MAX_DEVICES = 4;

export interface DevicePick {
  /** Shown, most active first, each with its colour slot (stable while the device exists). */
  shown: { name: string; slot: number }[];
  /** Left out: idle in the whole window, or beyond MAX_DEVICES. */
  hidden: number;
}

/**
 * The most active devices in the window; devices idle for the whole window are left out (a loop
 * device or a tunnel with no traffic only adds flat lines), but at least one is always shown. A
 * device's colour comes from its position among all names sorted alphabetically, so colours do not
 * swap when activity reorders them.
 */
export function pickDevices<E extends { name: string }>(
  view: readonly SystemSample[],
  list: (s: SystemSample) => readonly E[],
  activity: (entry: E) => number,
  max = MAX_DEVICES,
): DevicePick {
  const totals = new Map<string, number>();
  for (const sample of view) {
    for (const entry of list(sample)) totals.set(entry.name, (totals.get(entry.name) ?? 0) + activity(entry));
  }
  const alphabetical = [...totals.keys()].sort();
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const active = ranked.filter(([, total]) => total > 0).slice(0, max);
  const chosen = active.length > 0 ? active : ranked.slice(0, 1);
  return {
    shown: chosen.map(([name]) => ({ name, slot: alphabetical.indexOf(name) })),
    hidden: totals.size - chosen.length,
  };
}

export function diskModel(p: ChartPalette, devices: DevicePick['shown']): ChartModel {
  const series: SeriesDef[] = [];
  devices.forEach(({ name, slot }, i) => {
    const of = (s: SystemSample) => s.disks.find((d) => d.name === name);
    const color = seriesColor(p, slot);
    series.push(
      { key: `r${i}`, label: `${name} read`, metric: 'disk.read', color, read: (s) => of(s)?.readBytesPerSec ?? null },
      {
        key: `w${i}`,
        label: `${name} write`,
        metric: 'disk.write',
        color,
        dashed: true,
        read: (s) => of(s)?.writeBytesPerSec ?? null,
      },
      { key: `b${i}`, label: `${name} busy`, metric: 'disk.busy', color, tooltipOnly: true, read: (s) => of(s)?.busyPercent ?? null },
      {
        key: `o${i}`,
        label: `${name} ops`,
        metric: 'disk.readOps',
        color,
        tooltipOnly: true,
        read: (s) => {
          const d = of(s);
          return d ? d.readsPerSec + d.writesPerSec : null;
        },
      },
    );
  });
  return { mode: 'max', axisMetric: 'disk.read', series, y: AUTO(4096), references: [] };
}

export function netModel(p: ChartPalette, interfaces: DevicePick['shown']): ChartModel {
  const series: SeriesDef[] = [];
  interfaces.forEach(({ name, slot }, i) => {
    const of = (s: SystemSample) => s.net.find((n) => n.name === name);
    const color = seriesColor(p, slot);
    series.push(
      { key: `r${i}`, label: `${name} received`, metric: 'net.rx', color, read: (s) => of(s)?.rxBytesPerSec ?? null },
      { key: `t${i}`, label: `${name} sent`, metric: 'net.tx', color, dashed: true, read: (s) => of(s)?.txBytesPerSec ?? null },
      {
        key: `e${i}`,
        label: `${name} errors`,
        metric: 'net.errors',
        color,
        tooltipOnly: true,
        read: (s) => {
          const n = of(s);
          return n ? n.rxErrorsPerSec + n.txErrorsPerSec : null;
        },
      },
      {
        key: `d${i}`,
        label: `${name} drops`,
        metric: 'net.drops',
        color,
        tooltipOnly: true,
        read: (s) => {
          const n = of(s);
          return n ? n.rxDropsPerSec + n.txDropsPerSec : null;
        },
      },
    );
  });
  return { mode: 'max', axisMetric: 'net.rx', series, y: AUTO(4096), references: [] };
}
