import { memo, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryGap, SeriesResult } from '../../../native-bridge/contract/history.js';
import { gridProps, valueAxisProps, Y_AXIS_WIDTH } from '../../app/chart-axes.js';
import { formatTimestamp, type Unit } from '../../app/format.js';
import { seriesColor, type ChartPalette } from '../../app/palette.js';
import { timeTicks } from '../../app/time-axis.js';
import { yScale } from '../../app/y-scale.js';
import { formatTick } from './time-format.js';

const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };

export interface HistoryLine {
  key: string;
  label: string;
}

export interface HistoryChartProps {
  title: string;
  lines: readonly HistoryLine[];
  unit: Unit;
  format: (value: number) => string;
  result: SeriesResult;
  width: number;
  height: number;
  palette: ChartPalette;
  /** The moment shown below, drawn as a line. */
  picked: number | null;
  onPick(at: number): void;
  onZoom(from: number, to: number): void;
}

type Row = Record<string, number | null> & { t: number };

/**
 * Rows for recharts from the recorded buckets: a null row at each gap so the lines break there (a gap is
 * drawn as a gap, never as a straight line across the hours nobody recorded).
 */
export function rowsOf(result: SeriesResult, keys: readonly string[]): Row[] {
  const columns = keys.map((key) => result.series.find((s) => s.key === key)?.avg ?? []);
  const rows: Row[] = [];
  const gaps = [...result.gaps].sort((a, b) => a.from - b.from);
  let g = 0;
  result.times.forEach((t, i) => {
    while (g < gaps.length && gaps[g]!.from <= t) {
      rows.push(nullRow(gaps[g]!.from, keys));
      g++;
    }
    const row: Row = { t };
    keys.forEach((key, k) => (row[key] = columns[k]![i] ?? null));
    rows.push(row);
  });
  for (; g < gaps.length; g++) rows.push(nullRow(gaps[g]!.from, keys));
  return rows;
}

function nullRow(t: number, keys: readonly string[]): Row {
  const row: Row = { t };
  for (const key of keys) row[key] = null;
  return row;
}

interface GapShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

function GapShape({ x = 0, y = 0, width = 0, height = 0, gap, fill }: GapShapeProps & { gap: HistoryGap; fill: string }) {
  return (
    <g className="chart-gap" data-testid="history-gap" data-reason={gap.reason}>
      <title>{`${formatTimestamp(gap.from)} – ${formatTimestamp(gap.to)}: ${gap.text}`}</title>
      <rect x={x} y={y} width={Math.max(0, width)} height={Math.max(0, height)} fill={fill} fillOpacity={0.45} />
    </g>
  );
}

/** recharts hands mouse handlers the nearest point's x as activeLabel. */
interface ChartMouse {
  activeLabel?: string | number;
}
const labelOf = (e: ChartMouse | null): number | null => {
  const value = Number(e?.activeLabel);
  return Number.isFinite(value) ? value : null;
};

/**
 * One recorded series over the chosen window: drag across it to zoom in, click a moment to see the
 * machine as it was then. At most one point per pixel (the backend buckets to the width asked for).
 */
export const HistoryChart = memo(function HistoryChart({ title, lines, unit, format, result, width, height, palette, picked, onPick, onZoom }: HistoryChartProps) {
  const keys = useMemo(() => lines.map((l) => l.key), [lines]);
  const rows = useMemo(() => rowsOf(result, keys), [result, keys]);
  const plotWidth = Math.max(1, width - Y_AXIS_WIDTH - MARGIN.right);
  const span = result.to - result.from;
  const ticks = useMemo(() => timeTicks(result.from, result.to, Math.max(2, Math.floor(plotWidth / 90))), [result.from, result.to, plotWidth]);
  const max = useMemo(() => rows.reduce((m, r) => Math.max(m, ...keys.map((k) => r[k] ?? 0)), 0), [rows, keys]);
  const scale = useMemo(() => yScale(unit, max), [unit, max]);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);

  const finish = (at: number | null): void => {
    const start = drag?.from ?? null;
    setDrag(null);
    if (start === null || at === null) return;
    // A drag of more than a few pixels is a zoom; anything less is a click on a moment.
    if (Math.abs(at - start) > (span / plotWidth) * 4) onZoom(Math.min(start, at), Math.max(start, at));
    else onPick(start);
  };

  return (
    <figure className="history-chart" data-testid="history-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ComposedChart
        width={width}
        height={height}
        data={rows}
        margin={MARGIN}
        onMouseDown={(e: ChartMouse) => {
          const at = labelOf(e);
          if (at !== null) setDrag({ from: at, to: at });
        }}
        onMouseMove={(e: ChartMouse) => {
          const at = labelOf(e);
          if (drag && at !== null) setDrag({ from: drag.from, to: at });
        }}
        onMouseUp={(e: ChartMouse) => finish(labelOf(e) ?? drag?.to ?? null)}
        onMouseLeave={() => setDrag(null)}
        style={{ cursor: 'crosshair' }}
      >
        <CartesianGrid {...gridProps(palette)} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[result.from, result.to]}
          allowDataOverflow
          ticks={ticks}
          interval={0}
          tickFormatter={(t: number) => formatTick(t, span)}
          tick={{ fill: palette.axis, fontSize: 11 }}
          stroke={palette.grid}
          height={22}
        />
        <YAxis {...valueAxisProps(palette, scale.top, scale.ticks, format)} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => formatTimestamp(Number(t))}
          formatter={(value, name) => [typeof value === 'number' ? format(value) : '—', lines.find((l) => l.key === name)?.label ?? String(name)]}
        />
        {result.gaps.map((gap) => (
          <ReferenceArea
            key={`${gap.from}:${gap.reason}`}
            x1={Math.max(gap.from, result.from)}
            x2={Math.min(gap.to, result.to)}
            ifOverflow="hidden"
            shape={(props: GapShapeProps) => <GapShape {...props} gap={gap} fill={palette.grid} />}
          />
        ))}
        {lines.map((line, i) => (
          <Line key={line.key} dataKey={line.key} name={line.key} stroke={seriesColor(palette, i)} dot={false} isAnimationActive={false} connectNulls={false} strokeWidth={1.5} />
        ))}
        {drag && drag.to !== drag.from ? <ReferenceArea x1={Math.min(drag.from, drag.to)} x2={Math.max(drag.from, drag.to)} fill={palette.axis} fillOpacity={0.15} /> : null}
        {picked !== null && picked >= result.from && picked <= result.to ? (
          <ReferenceLine x={picked} stroke={palette.reference} strokeWidth={1.5} ifOverflow="hidden" />
        ) : null}
      </ComposedChart>
    </figure>
  );
});
