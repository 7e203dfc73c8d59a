import type { ChartRow } from '../../../app/downsample.js';
import { Y_AXIS_WIDTH } from '../../../app/chart-axes.js';
import { timeTicks } from '../../../app/time-axis.js';
import type { ChartModel, SeriesDef } from './models.js';

/** Room around the plot: the value labels on the left, the time labels below. */
export const MARGIN = { top: 6, right: 12, bottom: 22, left: Y_AXIS_WIDTH };
/** Half the width of an HH:MM:SS label at 11 px. */
const LABEL_HALF_WIDTH = 26;

/** The plot's rectangle in SVG pixels and the time window and value range it maps. */
export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
  start: number;
  windowMs: number;
  /** The value at the plot's top edge (the bottom is 0). */
  valueTop: number;
}

export function plotFor(width: number, height: number, start: number, windowMs: number, valueTop: number): Plot {
  return {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
    start,
    windowMs: Math.max(1, windowMs),
    valueTop: valueTop > 0 ? valueTop : 1,
  };
}

/** Whether two plots put every value at the same height and span the same width (what y-only parts draw from). */
export function sameVertical(a: Plot, b: Plot): boolean {
  return a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height && a.valueTop === b.valueTop;
}

/** One decimal: sub-pixel enough for a 1.5 px line, and the path strings stay short. */
const round = (v: number): number => Math.round(v * 10) / 10;

export const xOf = (plot: Plot, t: number): number => round(plot.left + ((t - plot.start) / plot.windowMs) * plot.width);
export const yOf = (plot: Plot, value: number): number => round(plot.top + plot.height - (value / plot.valueTop) * plot.height);
export const timeAt = (plot: Plot, x: number): number => plot.start + ((x - plot.left) / plot.width) * plot.windowMs;

/** Highest point drawn: stacked series count as their sum, lines on their own; tooltip-only ones not at all. */
export function drawnMax(rows: readonly ChartRow[], model: ChartModel): number {
  let max = 0;
  const stacks = new Map<string, number>();
  for (const row of rows) {
    stacks.clear();
    for (const s of model.series) {
      if (s.tooltipOnly) continue;
      const value = row[s.key];
      if (typeof value !== 'number') continue;
      if (s.stackId) {
        const sum = (stacks.get(s.stackId) ?? 0) + value;
        stacks.set(s.stackId, sum);
        if (sum > max) max = sum;
      } else if (value > max) max = value;
    }
  }
  return max;
}

/** A drawn series: its line (`line`) and, for a stacked one, the filled band under it down to the series below (`area`). */
export interface SeriesPath {
  series: SeriesDef;
  line: string;
  area: string | null;
}

/** The contiguous runs of a series' points: a null (a hole in the samples) ends one. */
type Run = { x: number; top: number; base: number }[];

function runsOf(rows: readonly ChartRow[], s: SeriesDef, plot: Plot, bases: Map<string, Float64Array> | null): Run[] {
  const runs: Run[] = [];
  let run: Run = [];
  const stack = s.stackId && bases ? bases.get(s.stackId) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const value = row[s.key];
    if (typeof value !== 'number') {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    const below = stack ? stack[i]! : 0;
    if (stack) stack[i] = below + value;
    run.push({ x: xOf(plot, row.t), top: yOf(plot, below + value), base: yOf(plot, below) });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

const lineOf = (runs: readonly Run[]): string =>
  runs.map((run) => run.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.top}`).join('')).join('');

function areaOf(runs: readonly Run[]): string {
  let d = '';
  for (const run of runs) {
    for (let i = 0; i < run.length; i++) d += `${i === 0 ? 'M' : 'L'}${run[i]!.x},${run[i]!.top}`;
    for (let i = run.length - 1; i >= 0; i--) d += `L${run[i]!.x},${run[i]!.base}`;
    d += 'Z';
  }
  return d;
}

/**
 * Every drawn series as SVG path data, in the model's order (stacked ones sit on the sum of those before
 * them in their stack). A null value breaks the path: a hole in the history is not drawn as a ramp.
 */
export function seriesPaths(rows: readonly ChartRow[], model: ChartModel, plot: Plot): SeriesPath[] {
  const bases = new Map<string, Float64Array>();
  for (const s of model.series) if (s.stackId && !s.tooltipOnly && !bases.has(s.stackId)) bases.set(s.stackId, new Float64Array(rows.length));
  const paths: SeriesPath[] = [];
  for (const s of model.series) {
    if (s.tooltipOnly) continue;
    const runs = runsOf(rows, s, plot, bases);
    paths.push({ series: s, line: lineOf(runs), area: s.stackId ? areaOf(runs) : null });
  }
  return paths;
}

/**
 * The time labels for a window: on whole steps, about one per 70 px, leaving out a tick within half a
 * label of either edge (its label would be cut off).
 */
export function timeLabelTicks(start: number, end: number, plotWidth: number): number[] {
  const span = end - start;
  const edgeMs = (LABEL_HALF_WIDTH / plotWidth) * span;
  return timeTicks(start, end, Math.max(2, Math.floor(plotWidth / 70))).filter((t) => t - start >= edgeMs && end - t >= edgeMs);
}

/** The index of the row nearest to time `t` (rows oldest first), or -1 when there are none. */
export function nearestRow(rows: readonly ChartRow[], t: number): number {
  if (rows.length === 0) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && t - rows[lo - 1]!.t <= rows[lo]!.t - t) return lo - 1;
  return lo;
}
