import { memo, useCallback, useMemo, useState, type ComponentProps } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type CartesianGridProps,
  type ReferenceLineProps,
  type YAxisProps,
} from 'recharts';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { gridProps, timeAxisProps, valueAxisProps, Y_AXIS_WIDTH } from '../../../app/chart-axes.js';
import { formatMetricAxis, METRICS } from '../../../app/metrics.js';
import type { ChartPalette } from '../../../app/palette.js';
import { downsample, type ChartRow } from '../../../app/downsample.js';
import { isSamplingGap, samplingGaps, type SamplingGap } from '../ring.js';
import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
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

/*
 * The chart's parts as memoized components. recharts 3 renders its children as ordinary components
 * that read the chart's own store, so a part whose props did not change is skipped when the chart
 * re-renders for new data: its series still redraw from the store, but once, not once for the
 * parent's render and again for the store's. ReferenceLine in particular re-registers itself on every
 * render it gets (an effect without dependencies): skipped, it costs nothing per tick.
 */
const Grid = memo(function Grid(props: CartesianGridProps) {
  return <CartesianGrid {...props} />;
});

/*
 * recharts' axis copies its props into a new settings object on every render it gets and dispatches it
 * to the chart's store, which re-runs every selector of the chart. The value axis changes only when its
 * ticks do: memoized, a tick with the same scale dispatches nothing for it. (The time axis moves every
 * tick, so it is dispatched anyway.)
 */
const ValueAxis = memo(function ValueAxis(props: YAxisProps) {
  return <YAxis {...props} />;
});

type TooltipContent = ComponentProps<typeof Tooltip>['content'];

const StableTooltip = memo(function StableTooltip({ content }: { content: TooltipContent }) {
  return <Tooltip isAnimationActive={false} content={content} />;
});

const GapAreas = memo(function GapAreas({ gaps, start, palette }: { gaps: readonly SamplingGap[]; start: number; palette: ChartPalette }) {
  return gaps.map((gap) =>
    gap.to < start ? null : (
      <ReferenceArea
        key={gap.from}
        x1={Math.max(gap.from, start)}
        x2={gap.to}
        ifOverflow="hidden"
        shape={(props: GapShapeProps) => <GapShape {...props} reason={gapReason(gap)} fill={palette.grid} text={palette.axis} />}
      />
    ),
  );
});

const ReferenceLines = memo(function ReferenceLines({
  references,
  labels,
  palette,
}: {
  references: ChartModel['references'];
  labels: ReferenceLineProps['label'][];
  palette: ChartPalette;
}) {
  return references.map((ref, i) => (
    <ReferenceLine key={ref.label} y={ref.y} stroke={palette.reference} strokeDasharray="6 3" ifOverflow="hidden" label={labels[i]} />
  ));
});

const ACTIVE_DOT = { r: 3 };

/** `interactive`: the pointer or focus is on the chart, so lines get a dot at the hovered point. */
const Series = memo(function Series({ series, interactive }: { series: ChartModel['series']; interactive: boolean }) {
  return series.map((s) =>
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
        activeDot={interactive ? ACTIVE_DOT : false}
        connectNulls={false}
      />
    ),
  );
});

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

/** The changes in the window as marker lines; memoized, so a tick that moves no marker re-registers none. */
const Markers = memo(function Markers({ shown, palette, onMarker }: { shown: readonly ChangeEvent[]; palette: ChartPalette; onMarker?: (event: ChangeEvent) => void }) {
  return shown.map((m, i) => (
    <ReferenceLine
      key={`${m.time}:${m.kind}:${i}`}
      x={m.time}
      ifOverflow="hidden"
      shape={(props: object) => <ChangeMarker {...props} event={m} color={palette.axis} onSelect={onMarker} />}
    />
  ));
});

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
  // The markers inside the window; a new array only when one enters or leaves it.
  const inWindow = markers.filter((m) => m.time >= start && m.time <= end);
  const inWindowKey = inWindow.map((m) => `${m.time}:${m.kind}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on which markers are in the window
  const shown = useMemo(() => inWindow, [inWindowKey, markers]);

  // Every prop recharts copies into its store is kept stable while its value is: a new function or
  // array each tick makes recharts re-dispatch the axis settings and re-run its selectors for nothing.
  const grid = useMemo(() => gridProps(palette), [palette]);
  const xAxis = useMemo(() => timeAxisProps(palette, start, end, ticks), [palette, start, end, ticks]);
  const yTicksKey = scale.ticks.join(',');
  const yAxis = useMemo(
    () => valueAxisProps(palette, scale.top, scale.ticks, (value) => formatMetricAxis(model.axisMetric, value)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the ticks' values: the same ticks in a new array are the same axis
    [palette, scale.top, yTicksKey, model.axisMetric],
  );
  const tooltip = useMemo<TooltipContent>(
    () =>
      function Content({ active, payload }) {
        return <ChartTooltip active={active} payload={payload} series={model.series} gaps={gaps} />;
      },
    [model.series, gaps],
  );
  const referenceLabels = useMemo(
    () => model.references.map((ref) => ({ value: ref.label, position: 'insideBottomLeft' as const, fill: palette.reference, fontSize: 11 })),
    [model.references, palette.reference],
  );

  // The tooltip (and the hover dots) exist only while the pointer or focus is on this chart: mounted,
  // recharts recomputes their state on every tick although nobody is pointing at anything.
  const [interactive, setInteractive] = useState(false);
  const on = useCallback(() => setInteractive(true), []);
  const off = useCallback(() => setInteractive(false), []);

  return (
    <div className="chart-frame" data-testid="chart-frame" onPointerEnter={on} onPointerLeave={off} onFocus={on} onBlur={off}>
      <ComposedChart width={width} height={height} data={rows} margin={MARGIN}>
        <Grid {...grid} />
        <XAxis {...xAxis} />
        <ValueAxis {...yAxis} />
        {interactive ? <StableTooltip content={tooltip} /> : null}
        {gaps.some((gap) => gap.to >= start) ? <GapAreas gaps={gaps} start={start} palette={palette} /> : null}
        <ReferenceLines references={model.references} labels={referenceLabels} palette={palette} />
        {shown.length > 0 ? <Markers shown={shown} palette={palette} onMarker={onMarker} /> : null}
        <Series series={model.series} interactive={interactive} />
      </ComposedChart>
    </div>
  );
});
