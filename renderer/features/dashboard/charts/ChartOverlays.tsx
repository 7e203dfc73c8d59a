import { memo } from 'react';
import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
import type { ChartPalette } from '../../../app/palette.js';
import type { SamplingGap } from '../ring.js';
import { sameVertical, xOf, yOf, type Plot } from './chart-geometry.js';
import { ChangeMarker } from './ChangeMarker.js';
import { gapReason } from './gap-reason.js';
import type { ReferenceDef } from './models.js';

/** A hole in the history: shaded, labelled when there is room, and its reason on hover (<title>). */
function GapRect({ gap, plot, palette }: { gap: SamplingGap; plot: Plot; palette: ChartPalette }) {
  const x1 = xOf(plot, Math.max(gap.from, plot.start));
  const x2 = Math.min(xOf(plot, gap.to), plot.left + plot.width);
  const width = Math.max(0, x2 - x1);
  const reason = gapReason(gap);
  return (
    <g className="chart-gap" data-testid="chart-gap" data-reason={reason}>
      <title>{reason}</title>
      <rect x={x1} y={plot.top} width={width} height={plot.height} fill={palette.grid} fillOpacity={0.45} />
      {width > 64 ? (
        <text x={x1 + width / 2} y={plot.top + 12} textAnchor="middle" fontSize={10} fill={palette.axis}>
          no samples
        </text>
      ) : null}
    </g>
  );
}

/** The holes that reach into the window. */
export function GapRects({ gaps, plot, palette }: { gaps: readonly SamplingGap[]; plot: Plot; palette: ChartPalette }) {
  return gaps.map((gap) => (gap.to < plot.start ? null : <GapRect key={gap.from} gap={gap} plot={plot} palette={palette} />));
}

interface ReferenceLinesProps {
  references: readonly ReferenceDef[];
  plot: Plot;
  palette: ChartPalette;
}

/** Dashed horizontal lines at fixed values (the core count on the load chart), labelled above their left end. */
export const ReferenceLines = memo(
  function ReferenceLines({ references, plot, palette }: ReferenceLinesProps) {
    return references.map((ref) => {
      // Above the axis' top it would be drawn outside the plot: left out, as the value is off the scale.
      if (ref.y > plot.valueTop || ref.y < 0) return null;
      const y = yOf(plot, ref.y);
      return (
        <g key={ref.label} className="chart-reference" data-testid="chart-reference">
          <line x1={plot.left} y1={y} x2={plot.left + plot.width} y2={y} stroke={palette.reference} strokeDasharray="6 3" />
          <text x={plot.left + 5} y={y - 5} fill={palette.reference} fontSize={11}>
            {ref.label}
          </text>
        </g>
      );
    });
  },
  (a, b) => a.references === b.references && a.palette === b.palette && sameVertical(a.plot, b.plot),
);

/** The changes in the window, each a clickable line at its time. */
export function Markers({ shown, plot, palette, onMarker }: { shown: readonly ChangeEvent[]; plot: Plot; palette: ChartPalette; onMarker?: (event: ChangeEvent) => void }) {
  return shown.map((m, i) => {
    const x = xOf(plot, m.time);
    return <ChangeMarker key={`${m.time}:${m.kind}:${i}`} x1={x} y1={plot.top} x2={x} y2={plot.top + plot.height} event={m} color={palette.axis} onSelect={onMarker} />;
  });
}
