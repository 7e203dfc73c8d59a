import { memo, useId, useMemo } from 'react';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
import { downsample, type ChartRow } from '../../../app/downsample.js';
import { METRICS } from '../../../app/metrics.js';
import type { ChartPalette } from '../../../app/palette.js';
import { yScale } from '../../../app/y-scale.js';
import { isSamplingGap, samplingGaps, type SamplingGap } from '../ring.js';
import { drawnMax, MARGIN, nearestRow, plotFor, sameVertical, seriesPaths, timeAt, timeLabelTicks, type Plot } from './chart-geometry.js';
import { TimeAxis, ValueAxis } from './ChartAxes.js';
import { ChartHover } from './ChartHover.js';
import { GapRects, Markers, ReferenceLines } from './ChartOverlays.js';
import { ChartSeries } from './ChartSeries.js';
import { ChartTooltip, hoveredGap } from './ChartTooltip.js';
import type { ChartModel } from './models.js';
import { useChartHover } from './useChartHover.js';

export interface TimeSeriesChartProps {
  /** What the chart shows, for assistive technology (the card's title). */
  title: string;
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
const time = (s: SystemSample): number => s.time;

/** The markers inside the window: the same array while the same ones are in it. */
function useShownMarkers(markers: readonly ChangeEvent[], start: number, end: number): readonly ChangeEvent[] {
  const inWindow = markers.filter((m) => m.time >= start && m.time <= end);
  const key = inWindow.map((m) => `${m.time}:${m.kind}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on which markers are in the window
  return useMemo(() => inWindow, [key, markers]);
}

/** The samples as drawable rows (at most one per pixel of plot), their holes, and the plot they map onto. */
function useChartData(model: ChartModel, view: readonly SystemSample[], windowMs: number, width: number, height: number) {
  const plotWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
  const rows = useMemo(
    () => downsample(view, { time, fields: model.series, maxPoints: plotWidth, mode: model.mode, spanMs: windowMs, isGap: isSamplingGap }),
    [view, model, plotWidth, windowMs],
  );
  const end = view[view.length - 1]?.time ?? 0;
  const start = end - windowMs;
  const scale = useMemo(() => yScale(METRICS[model.axisMetric].unit, drawnMax(rows, model), model.y), [rows, model]);
  const plot = useMemo(() => plotFor(width, height, start, windowMs, scale.top), [width, height, start, windowMs, scale.top]);
  const paths = useMemo(() => seriesPaths(rows, model, plot), [rows, model, plot]);
  const timeTicks = useMemo(() => timeLabelTicks(start, end, plot.width), [start, end, plot.width]);
  const gaps = useMemo(() => samplingGaps(view), [view]);
  return { rows, plot, paths, scale, timeTicks, gaps, start, end };
}

/** What is drawn outside the plot (a sample older than the window, a value over a fixed 100 %) is cut off. */
const PlotClip = memo(function PlotClip({ id, plot }: { id: string; plot: Plot }) {
  // A line at the very top or bottom keeps its full stroke width: the clip reaches a pixel past the plot.
  return (
    <defs>
      <clipPath id={id}>
        <rect x={plot.left} y={plot.top - 1} width={plot.width + 1} height={plot.height + 2} />
      </clipPath>
    </defs>
  );
}, (a, b) => a.id === b.id && sameVertical(a.plot, b.plot));

/** The tooltip beside the pointer, on the side with more room. */
function HoverTooltip({ x, plot, row, model, gaps }: { x: number; plot: Plot; row: ChartRow; model: ChartModel; gaps: readonly SamplingGap[] }) {
  const rightHalf = x > plot.left + plot.width / 2;
  const style = rightHalf ? { right: plot.left + plot.width + MARGIN.right - x + 12, top: plot.top } : { left: x + 12, top: plot.top };
  return (
    <div className="chart-tooltip-anchor" style={style}>
      <ChartTooltip row={row} series={model.series} gap={hoveredGap(gaps, timeAt(plot, x), row, model.series)} />
    </div>
  );
}

/**
 * One live chart, drawn as plain SVG: a path per series from rows downsampled to the plot's pixel width,
 * grid, axes, holes, reference lines and change markers as memoized parts, so a tick rewrites the paths'
 * `d` and the time labels that moved. Memoized on its props: a paused dashboard passes the same `view`
 * and nothing here runs.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({ title, model, view, windowMs, width, height, palette, markers = NO_MARKERS, onMarker }: TimeSeriesChartProps) {
  const { rows, plot, paths, scale, timeTicks, gaps, start, end } = useChartData(model, view, windowMs, width, height);
  const shown = useShownMarkers(markers, start, end);
  const hover = useChartHover(plot, rows);
  const hoveredIndex = hover.x === null ? -1 : nearestRow(rows, timeAt(plot, hover.x));
  const hovered = hoveredIndex >= 0 ? rows[hoveredIndex]! : null;
  const clipId = useId();
  return (
    <div className="chart-frame" data-testid="chart-frame" {...hover.handlers}>
      <svg className="chart-svg" role="img" aria-label={title} tabIndex={0} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <ValueAxis plot={plot} ticks={scale.ticks} metric={model.axisMetric} palette={palette} />
        <TimeAxis plot={plot} ticks={timeTicks} palette={palette} />
        <PlotClip id={clipId} plot={plot} />
        <g clipPath={`url(#${clipId})`}>
          {gaps.length > 0 ? <GapRects gaps={gaps} plot={plot} palette={palette} /> : null}
          <ReferenceLines references={model.references} plot={plot} palette={palette} />
          <ChartSeries paths={paths} />
        </g>
        {shown.length > 0 ? <Markers shown={shown} plot={plot} palette={palette} onMarker={onMarker} /> : null}
        {hovered ? <ChartHover row={hovered} plot={plot} series={model.series} palette={palette} /> : null}
      </svg>
      {hovered && hover.x !== null ? <HoverTooltip x={hover.x} plot={plot} row={hovered} model={model} gaps={gaps} /> : null}
    </div>
  );
});
