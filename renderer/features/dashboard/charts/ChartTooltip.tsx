import { formatClock } from '../../../app/format.js';
import { formatMetric, METRICS } from '../../../app/metrics.js';
import type { ChartRow } from '../../../app/downsample.js';
import type { SamplingGap } from '../ring.js';
import { gapAt, gapReason } from './gap-reason.js';
import type { SeriesDef } from './models.js';
import { SeriesSwatch } from './SeriesSwatch.js';

export function seriesLabel(series: SeriesDef): string {
  return series.label || METRICS[series.metric].label;
}

/** Exact values with units for every series of the chart, tooltip-only ones (busy %, errors) included. */
export function ChartTooltip({ row, series, gap }: { row: ChartRow; series: readonly SeriesDef[]; gap: SamplingGap | null }) {
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
                <SeriesSwatch series={s} />
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

/**
 * The hole to explain at a hovered time: the one the pointer is in, or the one the nearest row breaks
 * for (that row has no values: a table of dashes would say nothing).
 */
export function hoveredGap(gaps: readonly SamplingGap[], t: number, row: ChartRow, series: readonly SeriesDef[]): SamplingGap | null {
  return gapAt(gaps, t) ?? (series.every((s) => row[s.key] === null) ? gapAt(gaps, row.t) : null);
}
