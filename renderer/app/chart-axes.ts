import type { CartesianGridProps, XAxisProps, YAxisProps } from 'recharts';
import { plainAxisTick, timeAxisTick } from './axis-tick.js';
import { formatClock } from './format.js';
import type { ChartPalette } from './palette.js';

/** Room for the widest value label ("1023.9 MiB"), so every live chart's plot starts at the same x. */
export const Y_AXIS_WIDTH = 68;


/** Horizontal dashed grid lines only: time is read from the axis labels, values from the grid. */
export function gridProps(palette: ChartPalette): CartesianGridProps {
  return { stroke: palette.grid, strokeDasharray: '3 3', vertical: false };
}

/**
 * Wall-clock x axis over a fixed window. The domain is pinned (allowDataOverflow) so the chart scrolls
 * with time instead of stretching to whatever points are in view.
 */
export function timeAxisProps(palette: ChartPalette, start: number, end: number, ticks: number[]): XAxisProps {
  return {
    dataKey: 't',
    type: 'number',
    domain: [start, end],
    allowDataOverflow: true,
    ticks,
    // The ticks are given: recharts' own "nice" ticks would be recomputed (with decimal.js) on every
    // tick as the window moves, and never shown.
    niceTicks: 'none',
    interval: 0,
    tickFormatter: formatClock,
    tick: timeAxisTick(palette),
    stroke: palette.grid,
    height: 22,
  };
}

/** Value y axis from zero to a precomputed round top, with the ticks chosen for it. */
export function valueAxisProps(palette: ChartPalette, top: number, ticks: number[], format: (value: number) => string): YAxisProps {
  return {
    width: Y_AXIS_WIDTH,
    type: 'number',
    domain: [0, top],
    ticks,
    niceTicks: 'none',
    allowDataOverflow: true,
    interval: 0,
    tickFormatter: (value: number) => format(value),
    // A new renderer per call: callers that memoize these props keep it, and the axis re-registers nothing.
    tick: plainAxisTick(palette, format),
    stroke: palette.grid,
  };
}
