import { memo } from 'react';
import { formatClock } from '../../../app/format.js';
import { formatMetricAxis, type MetricId } from '../../../app/metrics.js';
import type { ChartPalette } from '../../../app/palette.js';
import { sameVertical, xOf, yOf, type Plot } from './chart-geometry.js';

const TICK = 6;
const FONT_SIZE = 11;

/**
 * The value axis and the horizontal grid: one dashed line and one label per tick. Its props change only
 * when the scale does, so a tick that keeps the scale redraws none of it.
 */
interface ValueAxisProps {
  plot: Plot;
  ticks: readonly number[];
  metric: MetricId;
  palette: ChartPalette;
}

export const ValueAxis = memo(function ValueAxis({ plot, ticks, metric, palette }: ValueAxisProps) {
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  return (
    <g className="chart-value-axis">
      <line x1={plot.left} y1={plot.top} x2={plot.left} y2={bottom} stroke={palette.grid} />
      {ticks.map((value) => {
        const y = yOf(plot, value);
        return (
          <g key={value}>
            <line x1={plot.left} y1={y} x2={right} y2={y} stroke={palette.grid} strokeDasharray="3 3" />
            <line x1={plot.left - TICK} y1={y} x2={plot.left} y2={y} stroke={palette.grid} />
            <text data-testid="chart-value-tick" x={plot.left - TICK - 2} y={y} dy="0.355em" textAnchor="end" fill={palette.axis} fontSize={FONT_SIZE}>
              {formatMetricAxis(metric, value)}
            </text>
          </g>
        );
      })}
    </g>
  );
}, sameValueAxis);

/** The same ticks at the same heights: the plot's time window moving every tick does not matter here. */
function sameValueAxis(a: ValueAxisProps, b: ValueAxisProps): boolean {
  return a.metric === b.metric && a.palette === b.palette && sameVertical(a.plot, b.plot) && a.ticks.join() === b.ticks.join();
}

/**
 * The time axis: HH:MM:SS under whole-step ticks. Keyed by their time, so as the window moves a label
 * keeps its element and only its x changes; one is added or removed only when a tick enters or leaves.
 */
export const TimeAxis = memo(function TimeAxis({ plot, ticks, palette }: { plot: Plot; ticks: readonly number[]; palette: ChartPalette }) {
  const bottom = plot.top + plot.height;
  return (
    <g className="chart-time-axis">
      <line x1={plot.left} y1={bottom} x2={plot.left + plot.width} y2={bottom} stroke={palette.grid} />
      {ticks.map((t) => {
        const x = xOf(plot, t);
        return (
          <g key={t}>
            <line x1={x} y1={bottom} x2={x} y2={bottom + TICK} stroke={palette.grid} />
            <text data-testid="chart-time-tick" x={x} y={bottom + TICK + 2} dy="0.71em" textAnchor="middle" fill={palette.axis} fontSize={FONT_SIZE}>
              {formatClock(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
});
