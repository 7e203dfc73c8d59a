import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { gridProps, timeAxisProps, valueAxisProps, Y_AXIS_WIDTH } from '../../../app/chart-axes.js';
import { formatMetricAxis, METRICS } from '../../../app/metrics.js';
import type { ChartPalette } from '../../../app/palette.js';
import { downsample, type ChartRow } from '../downsample.js';
import { isSamplingGap, samplingGaps } from '../ring.js';
import { ChangeMarker } from './ChangeMarker.js';
import { ChartTooltip } from './ChartTooltip.js';
import { gapReason } from './gap-reason.js';
import type { ChartModel } from './models.js';
import { timeTicks } from '../../../app/time-axis.js';
import { yScale } from '../../../app/y-scale.js';

/** Half the width of an HH:MM:SS label at 11 px. */
const LABEL_HALF_WIDTH = 26;
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };
const time = (s: SystemSample): number => s.time;

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

interface GapShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** A hole in the history: shaded, labelled when there is room, and its reason on hover (<title>). */
function GapShape({ x = 0, y = 0, width = 0, height = 0, reason, fill, text }: GapShapeProps & { reason: string; fill: string; text: string }) {
  return (
    <g className="chart-gap" data-testid="chart-gap" data-reason={reason}>
      <title>{reason}</title>
      <rect x={x} y={y} width={Math.max(0, width)} height={Math.max(0, height)} fill={fill} fillOpacity={0.45} />
      {width > 64 ? (
        <text x={x + width / 2} y={y + 12} textAnchor="middle" fontSize={10} fill={text}>
          no samples
        </text>
      ) : null}
    </g>
  );
}

export interface TimeSeriesChartProps {
  model: ChartModel;
  view: readonly SystemSample[];
  windowMs: number;
  width: number;
  height: number;
  palette: ChartPalette;
  /** What changed (oldest first): drawn where it falls in the window. The same array while unchanged. */
  markers?: readonly ChangeEvent[];
  onMarker?: (event: ChangeEvent) => void;
}

const NO_MARKERS: readonly ChangeEvent[] = [];

/**
 * One live chart. Memoized on its props: a paused dashboard passes the same `view` and nothing here
 * runs; a live one downsamples once per tick to the plot's pixel width, so the SVG never holds more
 * points than the screen can show.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({ model, view, windowMs, width, height, palette, markers = NO_MARKERS, onMarker }: TimeSeriesChartProps) {
  const plotWidth = Math.max(1, width - Y_AXIS_WIDTH - MARGIN.right);
  const rows = useMemo(
    () => downsample(view, {
        time,
        fields: model.series,
        maxPoints: plotWidth,
        mode: model.mode,
        spanMs: windowMs,
        isGap: isSamplingGap,
      }),
    [view, model, plotWidth, windowMs],
  );
  const end = view[view.length - 1]?.time ?? 0;
  const start = end - windowMs;
  const ticks = useMemo(() => {
    // A label centred on a tick within half a label of either edge would be cut off: leave that tick out.
    const edgeMs = (LABEL_HALF_WIDTH / plotWidth) * windowMs;
    return timeTicks(start, end, Math.max(2, Math.floor(plotWidth / 70))).filter((t) => t - start >= edgeMs && end - t >= edgeMs);
  }, [start, end, plotWidth, windowMs]);
  const scale = useMemo(() => yScale(METRICS[model.axisMetric].unit, drawnMax(rows, model), model.y), [rows, model]);
  // One pass over the samples, only when they change (the same tick that downsamples them).
  const gaps = useMemo(() => samplingGaps(view), [view]);
  const shown = useMemo(() => markers.filter((m) => m.time >= start && m.time <= end), [markers, start, end]);

  return (
    <ComposedChart width={width} height={height} data={rows} margin={MARGIN}>
      <CartesianGrid {...gridProps(palette)} />
      <XAxis {...timeAxisProps(palette, start, end, ticks)} />
      <YAxis {...valueAxisProps(palette, scale.top, scale.ticks, (value) => formatMetricAxis(model.axisMetric, value))} />
      <Tooltip
        isAnimationActive={false}
        content={({ active, payload }) => <ChartTooltip active={active} payload={payload} series={model.series} gaps={gaps} />}
      />
      {gaps.map((gap) =>
        gap.to < start ? null : (
          <ReferenceArea
            key={gap.from}
            x1={Math.max(gap.from, start)}
            x2={gap.to}
            ifOverflow="hidden"
            shape={(props: GapShapeProps) => <GapShape {...props} reason={gapReason(gap)} fill={palette.grid} text={palette.axis} />}
          />
        ),
      )}
      {model.references.map((ref) => (
        <ReferenceLine
          key={ref.label}
          y={ref.y}
          stroke={palette.reference}
          strokeDasharray="6 3"
          ifOverflow="hidden"
          label={{ value: ref.label, position: 'insideBottomLeft', fill: palette.reference, fontSize: 11 }}
        />
      ))}
      {shown.map((m, i) => (
        <ReferenceLine
          key={`${m.time}:${m.kind}:${i}`}
          x={m.time}
          ifOverflow="hidden"
          shape={(props: object) => <ChangeMarker {...props} event={m} color={palette.axis} onSelect={onMarker} />}
        />
      ))}
      {model.series.map((s) =>
        s.tooltipOnly ? null : s.stackId ? (
          <Area
            key={s.key}
            dataKey={s.key}
            stackId={s.stackId}
            type="linear"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.35}
            strokeWidth={1.25}
            isAnimationActive={false}
            dot={false}
            activeDot={false}
            connectNulls={false}
          />
        ) : (
          <Line
            key={s.key}
            dataKey={s.key}
            type="linear"
            stroke={s.color}
            strokeWidth={1.5}
            strokeDasharray={s.dashed ? '5 3' : undefined}
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 3 }}
            connectNulls={false}
          />
        ),
      )}
    </ComposedChart>
  );
});
