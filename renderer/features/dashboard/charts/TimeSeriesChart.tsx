import { memo, useMemo, type ReactNode } from 'react';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
import { downsample, type ChartRow } from '../../../app/downsample.js';
import { METRICS } from '../../../app/metrics.js';
import type { ChartPalette } from '../../../app/palette.js';
import { yScale } from '../../../app/y-scale.js';
import { isSamplingGap, samplingGaps, type SamplingGap } from '../ring.js';
import { anchorFor, drawnMax, MARGIN, movingOffset, movingPlot, nearestRow, plotFor, seriesChunks, timeAt, timeLabelTicks, type Plot } from './chart-geometry.js';
import { TimeAxis, TimeAxisLine, ValueAxis } from './ChartAxes.js';
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

/** A series is cut into this many pieces per window: a tick draws one piece of each series again. */
const PIECES_PER_WINDOW = 6;

/**
 * The samples as drawable rows (at most one per pixel of plot), their holes, and the plot they map onto.
 * What moves with time (the series, the time labels, the markers) is drawn in the moving layer's plot,
 * anchored at a whole window: it changes only when the anchor or the scale does.
 */
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
  const anchor = anchorFor(start, windowMs);
  const moving = useMemo(() => movingPlot(plotFor(width, height, anchor, windowMs, scale.top), anchor), [width, height, anchor, windowMs, scale.top]);
  const drawn = useMemo(() => seriesChunks(rows, model, moving, windowMs / PIECES_PER_WINDOW), [rows, model, moving, windowMs]);
  const timeTicks = useMemo(() => timeLabelTicks(start, end, plot.width), [start, end, plot.width]);
  const gaps = useMemo(() => samplingGaps(view), [view]);
  return { rows, plot, moving, offset: movingOffset(plot, anchor), drawn, scale, timeTicks, gaps, start, end };
}

interface MovingLayerProps {
  /** The visible part of the layer, in the chart's pixels: what lies outside it is cut off. */
  box: { left: number; top: number; width: number; height: number };
  /** Where the layer's x = 0 sits, in the chart's pixels. */
  offset: number;
  width: number;
  height: number;
  testId: string;
  children: ReactNode;
}

/**
 * A part of the chart that moves with time: an SVG of its own, in the chart's y and the moving plot's x,
 * shifted by a CSS transform. The browser moves it without drawing it again (will-change: transform), so
 * a tick draws only the pixels that are new.
 */
function MovingLayer({ box, offset, width, height, testId, children }: MovingLayerProps) {
  return (
    <div className="chart-window" style={box} aria-hidden="true">
      <svg className="chart-moving" data-testid={testId} width={width} height={height} style={{ top: -box.top, transform: `translateX(${offset - box.left}px)` }}>
        {children}
      </svg>
    </div>
  );
}

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
 * One live chart, drawn as plain SVG: the grid, value axis and reference lines stay put, and the series,
 * time labels and change markers sit in moving layers (see MovingLayer), each series cut into pieces so a
 * tick rewrites the newest piece's `d` and a layer's transform. Memoized on its props: a paused dashboard
 * passes the same `view` and nothing here runs.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({ title, model, view, windowMs, width, height, palette, markers = NO_MARKERS, onMarker }: TimeSeriesChartProps) {
  const { rows, plot, moving, offset, drawn, scale, timeTicks, gaps, start, end } = useChartData(model, view, windowMs, width, height);
  const shown = useShownMarkers(markers, start, end);
  const hover = useChartHover(plot, rows);
  const hoveredIndex = hover.x === null ? -1 : nearestRow(rows, timeAt(plot, hover.x));
  const hovered = hoveredIndex >= 0 ? rows[hoveredIndex]! : null;
  const bottom = plot.top + plot.height;
  // A line at the very top or bottom keeps its full stroke width: the plot's layer reaches a pixel past it.
  const plotBox = { left: plot.left, top: plot.top - 1, width: plot.width + 1, height: plot.height + 2 };
  const labelBox = { left: 0, top: bottom, width, height: height - bottom };
  // Wide enough for the window wherever it sits after the anchor (less than one window later).
  const layerWidth = 2 * moving.width + MARGIN.right;
  return (
    <div className="chart-frame" data-testid="chart-frame" {...hover.handlers}>
      <svg className="chart-svg" role="img" aria-label={title} tabIndex={0} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <ValueAxis plot={plot} ticks={scale.ticks} metric={model.axisMetric} palette={palette} />
        <TimeAxisLine plot={plot} palette={palette} />
        {gaps.length > 0 ? <GapRects gaps={gaps} plot={plot} palette={palette} /> : null}
        <ReferenceLines references={model.references} plot={plot} palette={palette} />
      </svg>
      <MovingLayer box={plotBox} offset={offset} width={layerWidth} height={height} testId="chart-plot-layer">
        <ChartSeries drawn={drawn} />
        {shown.length > 0 ? <Markers shown={shown} plot={moving} palette={palette} onMarker={onMarker} /> : null}
      </MovingLayer>
      <MovingLayer box={labelBox} offset={offset} width={layerWidth} height={height} testId="chart-label-layer">
        <TimeAxis plot={moving} ticks={timeTicks} palette={palette} />
      </MovingLayer>
      {hovered ? (
        <svg className="chart-overlay" width={width} height={height} aria-hidden="true">
          <ChartHover row={hovered} plot={plot} series={model.series} palette={palette} />
        </svg>
      ) : null}
      {hovered && hover.x !== null ? <HoverTooltip x={hover.x} plot={plot} row={hovered} model={model} gaps={gaps} /> : null}
    </div>
  );
});
