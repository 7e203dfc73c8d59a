import { memo } from 'react';
import type { SeriesPath } from './chart-geometry.js';

/**
 * One series as SVG paths: a stacked one as its filled band and its outline, a line as a line. Memoized
 * on the path data, so a tick changes the `d` attributes and nothing else.
 */
const SeriesShape = memo(function SeriesShape({ line, area, color, dashed, stacked, name }: { line: string; area: string | null; color: string; dashed: boolean; stacked: boolean; name: string }) {
  return (
    <g className="chart-series" data-series={name}>
      {area !== null ? <path data-testid="chart-area" d={area} fill={color} fillOpacity={0.35} stroke="none" /> : null}
      <path
        data-testid="chart-series"
        d={line}
        fill="none"
        stroke={color}
        strokeWidth={stacked ? 1.25 : 1.5}
        strokeDasharray={dashed ? '5 3' : undefined}
        strokeLinejoin="round"
      />
    </g>
  );
});

export function ChartSeries({ paths }: { paths: readonly SeriesPath[] }) {
  return paths.map(({ series, line, area }) => (
    <SeriesShape key={series.key} name={series.key} line={line} area={area} color={series.color} dashed={series.dashed === true} stacked={series.stackId !== undefined} />
  ));
}
