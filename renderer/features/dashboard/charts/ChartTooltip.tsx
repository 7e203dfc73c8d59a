import type { TooltipContentProps } from 'recharts';
import { formatClock } from '../../../app/format.js';
import { formatMetric, METRICS } from '../../../app/metrics.js';
import type { ChartRow } from '../downsample.js';
import type { SeriesDef } from './models.js';

export function seriesLabel(series: SeriesDef): string {
  return series.label || METRICS[series.metric].label;
}

/** Exact values with units for every series of the chart, tooltip-only ones (busy %, errors) included. */
export function ChartTooltip({
  active,
  payload,
  series,
}: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { series: readonly SeriesDef[] }) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-time">{formatClock(row.t)}</div>
      <table>
        <tbody>
          {series.map((s) => (
            <tr key={s.key} className={s.tooltipOnly ? 'secondary' : undefined}>
              <td>
                <span className="swatch" style={{ background: s.color }} />
                {seriesLabel(s)}
              </td>
              <td className="num">{formatMetric(s.metric, row[s.key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
