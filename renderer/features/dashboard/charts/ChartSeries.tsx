import { memo } from 'react';
import type { ChunkedSeries } from './chart-geometry.js';

interface ShapeProps {
  line: string;
  area: string | null;
  color: string;
  dashed: boolean;
  stacked: boolean;
}

/**
 * One piece of a series: a stacked one as its filled band and its outline, a line as a line. Memoized on
 * the path data, so a piece that did not change is not written, and its pixels are not drawn again.
 */
const SeriesPiece = memo(function SeriesPiece({ line, area, color, dashed, stacked }: ShapeProps) {
  return (
    <>
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
    </>
  );
});

/** Every drawn series, a group each, its pieces oldest first. */
export function ChartSeries({ drawn }: { drawn: readonly ChunkedSeries[] }) {
  return drawn.map(({ series, chunks }) => (
    <g key={series.key} className="chart-series" data-series={series.key}>
      {chunks.map((chunk) => (
        <SeriesPiece key={chunk.id} line={chunk.line} area={chunk.area} color={series.color} dashed={series.dashed === true} stacked={series.stackId !== undefined} />
      ))}
    </g>
  ));
}
