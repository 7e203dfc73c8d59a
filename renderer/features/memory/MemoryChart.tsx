import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { MemoryPinInfo } from '../../../native-bridge/contract/index.js';
import { gridProps, timeAxisProps, valueAxisProps, Y_AXIS_WIDTH } from '../../app/chart-axes.js';
import { formatBytes, formatClock } from '../../app/format.js';
import type { ChartPalette } from '../../app/palette.js';
import type { ChartRow } from '../../app/downsample.js';
import { prepareMemoryChart, type MemoryField, type MemoryFieldKey } from './chart-data.js';

const MARGIN = { top: 16, right: 14, bottom: 0, left: 0 };

export function memoryColors(p: ChartPalette) {
  return { anon: p.used, file: p.cache, rss: p.series[4]!, shared: p.series[2]!, swap: p.swap, trend: p.reference, restart: p.iowait };
}

function MemoryTooltip({
  active,
  payload,
  fields,
  colors,
}: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { fields: readonly MemoryField[]; colors: ReturnType<typeof memoryColors> }) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  const color = (key: MemoryFieldKey): string | undefined => (key in colors ? colors[key as keyof typeof colors] : undefined);
  return (
    <div className="chart-tooltip" data-testid="memory-tooltip">
      <div className="chart-tooltip-time">{formatClock(row.t)}</div>
      <table>
        <tbody>
          {fields.map((f) => (
            <tr key={f.key} className={f.key === 'pss' || f.key === 'uss' || f.key === 'shared' ? 'secondary' : undefined} title={f.description}>
              <td>
                <span className="swatch" style={{ borderColor: color(f.key) ?? 'transparent', background: color(f.key) ?? 'transparent' }} />
                {f.label}
              </td>
              <td className="num">{formatBytes(row[f.key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface MemoryChartProps {
  pin: Pick<MemoryPinInfo, 'series' | 'restarts' | 'verdict'>;
  intervalMs: number;
  width: number;
  height: number;
  palette: ChartPalette;
}

/**
 * Resident memory of one pinned process: anonymous and file-backed pages stacked (they add up to RSS),
 * the RSS outline, shared and swapped as lines, the verdict's trend dashed on top, and a marker where a
 * followed program restarted.
 */
export const MemoryChart = memo(function MemoryChart({ pin, intervalMs, width, height, palette }: MemoryChartProps) {
  const plotWidth = Math.max(1, width - Y_AXIS_WIDTH - MARGIN.right);
  const data = useMemo(
    () => prepareMemoryChart(pin, { maxPoints: plotWidth, intervalMs, maxTicks: Math.max(2, Math.floor(plotWidth / 80)) }),
    [pin, plotWidth, intervalMs],
  );
  const colors = memoryColors(palette);

  return (
    <ComposedChart width={width} height={height} data={data.rows} margin={MARGIN}>
      <CartesianGrid {...gridProps(palette)} />
      <XAxis {...timeAxisProps(palette, data.start, data.end, data.xTicks)} />
      <YAxis {...valueAxisProps(palette, data.yTop, data.yTicks, (value) => formatBytes(value))} />
      <Tooltip
        isAnimationActive={false}
        content={({ active, payload }) => <MemoryTooltip active={active} payload={payload} fields={data.fields} colors={colors} />}
      />
      {data.restarts.map((r) => (
        <ReferenceLine
          key={r.time}
          x={r.time}
          stroke={colors.restart}
          strokeDasharray="4 3"
          className="memory-restart"
          label={{ value: '↻ restart', position: 'insideTopLeft', fill: colors.restart, fontSize: 11 }}
        />
      ))}
      <Area dataKey="anon" stackId="rss" type="linear" stroke="none" fill={colors.anon} fillOpacity={0.35} isAnimationActive={false} dot={false} activeDot={false} />
      <Area dataKey="file" stackId="rss" type="linear" stroke="none" fill={colors.file} fillOpacity={0.45} isAnimationActive={false} dot={false} activeDot={false} />
      <Line className="memory-rss" dataKey="rss" type="linear" stroke={colors.rss} strokeWidth={1.75} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
      <Line className="memory-shared" dataKey="shared" type="linear" stroke={colors.shared} strokeWidth={1} isAnimationActive={false} dot={false} activeDot={false} />
      {data.hasSwap ? (
        <Line className="memory-swap" dataKey="swap" type="linear" stroke={colors.swap} strokeWidth={1.25} isAnimationActive={false} dot={false} activeDot={false} />
      ) : null}
      {data.hasTrend ? (
        <Line
          className="memory-trend"
          dataKey="trend"
          type="linear"
          stroke={colors.trend}
          strokeWidth={2}
          strokeDasharray="7 4"
          isAnimationActive={false}
          dot={false}
          activeDot={false}
          connectNulls
        />
      ) : null}
    </ComposedChart>
  );
});
