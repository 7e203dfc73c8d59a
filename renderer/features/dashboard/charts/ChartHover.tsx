import type { ChartRow } from '../../../app/downsample.js';
import type { ChartPalette } from '../../../app/palette.js';
import { xOf, yOf, type Plot } from './chart-geometry.js';
import type { SeriesDef } from './models.js';

/** The hovered row on the plot: a vertical cursor at its time and a dot on every line at its value. */
export function ChartHover({ row, plot, series, palette }: { row: ChartRow; plot: Plot; series: readonly SeriesDef[]; palette: ChartPalette }) {
  const x = xOf(plot, row.t);
  return (
    <g className="chart-hover" pointerEvents="none">
      <line x1={x} y1={plot.top} x2={x} y2={plot.top + plot.height} stroke={palette.axis} strokeOpacity={0.5} />
      {series.map((s) => {
        const value = row[s.key];
        // Stacked bands show their values in the tooltip only, as before; a hole has no point to mark.
        if (s.tooltipOnly || s.stackId || typeof value !== 'number') return null;
        return <circle key={s.key} data-testid="chart-hover-dot" cx={x} cy={yOf(plot, value)} r={3} fill={s.color} stroke="#fff" strokeWidth={1} />;
      })}
    </g>
  );
}
