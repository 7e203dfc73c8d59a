import type { MemoryPinInfo, MemorySeriesPoint, MemoryVerdict } from '../../../native-bridge/contract/index.js';
import { downsample, type Field } from '../../app/downsample.js';
import { timeTicks } from '../../app/time-axis.js';
import { yScale } from '../../app/y-scale.js';

export type MemoryFieldKey = 'anon' | 'file' | 'rss' | 'shared' | 'swap' | 'pss' | 'uss' | 'trend';

export interface MemoryField extends Field<MemorySeriesPoint> {
  key: MemoryFieldKey;
  label: string;
  description: string;
}

/** The trend line's height at time t: the verdict's straight line, only over the stretch it covers. */
export function trendAt(trend: MemoryVerdict['trend'], t: number): number | null {
  if (!trend || t < trend.fromTime || t > trend.toTime) return null;
  const span = trend.toTime - trend.fromTime;
  if (span <= 0) return trend.toBytes;
  return trend.fromBytes + ((t - trend.fromTime) / span) * (trend.toBytes - trend.fromBytes);
}

export function memoryFields(trend: MemoryVerdict['trend']): MemoryField[] {
  return [
    { key: 'anon', label: 'Anonymous', description: 'Heap, anonymous mappings and stacks: where leaks live', read: (p) => p.anonBytes },
    { key: 'file', label: 'File-backed', description: 'Pages of mapped files and libraries', read: (p) => p.fileBytes },
    { key: 'rss', label: 'Resident (RSS)', description: 'All memory in RAM: anonymous + file-backed', read: (p) => p.rssBytes },
    { key: 'shared', label: 'Shared', description: 'Resident pages also used by other processes', read: (p) => p.sharedBytes },
    { key: 'swap', label: 'Swapped', description: 'Moved out to swap (not resident)', read: (p) => p.swapBytes },
    { key: 'pss', label: 'PSS', description: 'Shared pages divided among their users', read: (p) => p.pssBytes },
    { key: 'uss', label: 'USS', description: 'Private memory: what ending the process gives back', read: (p) => p.ussBytes },
    { key: 'trend', label: 'Trend', description: 'The straight line the verdict fitted', read: (p) => trendAt(trend, p.time) },
  ];
}

export interface RestartMarker {
  time: number;
  label: string;
}

export interface PrepareOptions {
  /** Plot width in pixels: at most one row per pixel. */
  maxPoints: number;
  intervalMs: number;
  /** Labels on the x axis at most. */
  maxTicks?: number;
}

type ChartPin = Pick<MemoryPinInfo, 'series' | 'restarts' | 'verdict'>;

/**
 * Everything the memory chart draws, from a pin: rows downsampled to the plot width (with a break where
 * sampling stopped, e.g. while a name pin waited for its program), the verdict's trend line as a
 * series of its own, restart markers, and a byte axis that fits all drawn lines.
 */
export function prepareMemoryChart(pin: ChartPin, options: PrepareOptions) {
  const fields = memoryFields(pin.verdict.trend);
  const series = pin.series;
  const gapMs = Math.max(3 * options.intervalMs, 5000);
  const rows = downsample(series, {
    time: (p) => p.time,
    fields,
    maxPoints: Math.max(1, Math.floor(options.maxPoints)),
    mode: 'avg',
    // A restarted program is another process: its line starts afresh instead of ramping from the old one.
    isGap: (a, b) => b.restart || b.time - a.time > gapMs,
  });
  const start = series[0]?.time ?? 0;
  const end = series[series.length - 1]?.time ?? 0;

  let max = 0;
  let hasSwap = false;
  let hasTrend = false;
  for (const row of rows) {
    for (const key of ['rss', 'swap', 'trend'] as const) {
      const v = row[key];
      if (typeof v === 'number' && v > max) max = v;
    }
    if (typeof row.swap === 'number' && row.swap > 0) hasSwap = true;
    if (typeof row.trend === 'number') hasTrend = true;
  }
  const scale = yScale('bytes', max, { minTop: 1024 * 1024 });

  const restarts = new Map<number, RestartMarker>();
  for (const r of pin.restarts) restarts.set(r.time, { time: r.time, label: `restart: pid ${r.oldPid} → ${r.newPid}` });
  for (const p of series) if (p.restart && !restarts.has(p.time)) restarts.set(p.time, { time: p.time, label: `restart: pid ${p.pid}` });
  const inView = [...restarts.values()].filter((r) => r.time >= start && r.time <= end).sort((a, b) => a.time - b.time);

  return {
    rows,
    fields,
    start,
    end,
    xTicks: end > start ? timeTicks(start, end, options.maxTicks ?? 6) : [],
    yTop: scale.top,
    yTicks: scale.ticks,
    restarts: inView,
    // Draw the swap line only when something was swapped out (it is zero on most machines).
    hasSwap,
    hasTrend,
  };
}
