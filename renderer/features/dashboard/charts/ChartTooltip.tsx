import type { TooltipPayloadEntry } from 'recharts';
import { formatClock } from '../../../app/format.js';
import { formatMetric, METRICS } from '../../../app/metrics.js';
import type { ChartRow } from '../../../app/downsample.js';
import type { SamplingGap } from '../ring.js';
import { gapAt, gapReason } from './gap-reason.js';
import type { SeriesDef } from './models.js';

export function seriesLabel(series: SeriesDef): string {
  return series.label || METRICS[series.metric].label;
}

/** Exact values with units for every series of the chart, tooltip-only ones (busy %, errors) included. */
export function ChartTooltip({
  active,
  payload,
  series,
  gaps = [],
}: {
  active?: boolean;
  /** recharts' entries for the hovered row; each carries the whole row as its `payload`. */
  payload?: readonly TooltipPayloadEntry[];
  series: readonly SeriesDef[];
  gaps?: readonly SamplingGap[];
}) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  // The break row inside a hole has no values: say why instead of a table of dashes.
  const gap = series.every((s) => row[s.key] === null) ? gapAt(gaps, row.t) : null;
  if (gap) {
    return (
      <div className="chart-tooltip" data-testid="chart-tooltip">
        <div className="chart-tooltip-gap">{gapReason(gap)}</div>
      </div>
    );
  }
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
