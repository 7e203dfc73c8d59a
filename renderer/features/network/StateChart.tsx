import { memo, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { StateTick } from '../../../native-bridge/contract/index.js';
import { formatClock, formatCount } from '../../app/format.js';
import { chartPalette, seriesColor, type ChartPalette } from '../../app/palette.js';
import { useResolvedTheme } from '../../app/theme.js';
import { useElementFrame } from '../../app/useElementWidth.js';
import type { ChartRow } from '../../app/downsample.js';
import { timeTicks } from '../../app/time-axis.js';
import { yScale } from '../../app/y-scale.js';
import { stateChartData } from './watch-ring.js';

const HEIGHT = 200;
const Y_AXIS_WIDTH = 48;
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };

/** The states that mean trouble keep one colour everywhere: CLOSE_WAIT red, TIME_WAIT amber, SYN_SENT purple. */
export function stateColor(p: ChartPalette, state: string, index: number): string {
  const fixed: Record<string, string> = {
    ESTABLISHED: p.user,
    CLOSE_WAIT: p.system,
    TIME_WAIT: p.iowait,
    SYN_SENT: p.steal,
    LISTEN: p.available,
    UNCONN: p.axis,
  };
  return fixed[state] ?? seriesColor(p, index + 5);
}

function StateTooltip({ active, payload, colors }: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { colors: Map<string, string> }) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-time">{formatClock(row.t)}</div>
      <table>
        <tbody>
          {[...colors].map(([state, color]) => (
            <tr key={state}>
              <td>
                <span className="swatch" style={{ background: color }} />
                {state}
              </td>
              <td className="num">{formatCount(row[state])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface StateChartProps {
  ticks: readonly StateTick[];
  /** "pid:start" or null for the machine. */
  focus: string | null;
}

/** Sockets per state over time (lines, so a CLOSE_WAIT count that only ever grows reads as a ramp). */
export const StateChart = memo(function StateChart({ ticks, focus }: StateChartProps) {
  const frame = useElementFrame<HTMLDivElement>();
  const palette = chartPalette(useResolvedTheme());
  const plotWidth = Math.max(1, frame.width - Y_AXIS_WIDTH - MARGIN.right);
  const start = ticks[0]?.time ?? 0;
  const end = ticks[ticks.length - 1]?.time ?? 0;
  const data = useMemo(() => stateChartData(ticks, focus, plotWidth, end - start), [ticks, focus, plotWidth, start, end]);
  const colors = useMemo(() => new Map(data.states.map((s, i) => [s, stateColor(palette, s, i)])), [data.states, palette]);
  const max = data.rows.reduce((m, r) => Math.max(m, ...data.states.map((s) => r[s] ?? 0)), 0);
  const scale = yScale('count', max, { minTop: 4 });
  const ticksX = useMemo(() => timeTicks(start, end, Math.max(2, Math.floor(plotWidth / 80))), [start, end, plotWidth]);
  const axisTick = { fill: palette.axis, fontSize: 11 };

  return (
    <div data-testid="state-chart" data-states={data.states.join(' ')}>
      <ul className="legend">
        {data.states.map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: colors.get(s) }} />
            <span className="legend-label">{s}</span>
            <span className="num">{formatCount(data.rows[data.rows.length - 1]?.[s] ?? 0)}</span>
          </li>
        ))}
      </ul>
      <div className="chart-body" ref={frame.ref} style={{ height: HEIGHT }}>
        {frame.width > 0 && ticks.length > 1 ? (
          <ComposedChart width={frame.width} height={HEIGHT} data={data.rows} margin={MARGIN}>
            <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" domain={[start, end]} ticks={ticksX} interval={0} tickFormatter={formatClock} tick={axisTick} stroke={palette.grid} height={22} />
            <YAxis width={Y_AXIS_WIDTH} type="number" domain={[0, scale.top]} ticks={scale.ticks} interval={0} tickFormatter={(v: number) => formatCount(v)} tick={axisTick} stroke={palette.grid} />
            <Tooltip isAnimationActive={false} content={({ active, payload }) => <StateTooltip active={active} payload={payload} colors={colors} />} />
            {data.states.map((s) => (
              <Line key={s} dataKey={s} type="linear" stroke={colors.get(s)} strokeWidth={1.5} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
            ))}
          </ComposedChart>
        ) : (
          <p className="muted">Collecting: the chart starts after two samples.</p>
        )}
      </div>
    </div>
  );
});
