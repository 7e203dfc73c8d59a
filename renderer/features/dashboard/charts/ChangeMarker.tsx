import type { ChangeEvent } from '../../../../native-bridge/contract/changes.js';
import { formatClock } from '../../../../native-bridge/common/format/index.js';

/** The one line a marker shows on hover. */
export const markerLine = (e: ChangeEvent): string => `${formatClock(e.time)} · ${e.kind}: ${e.title}`;

interface LineProps {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * A change drawn on a chart: a dotted line at its time with a small flag at the top, its one line on hover
 * (<title>) and its details on click. A wide transparent line makes the thin one easy to hit.
 */
export function ChangeMarker({ x1, y1, x2, y2, event, color, onSelect }: LineProps & { event: ChangeEvent; color: string; onSelect?: (e: ChangeEvent) => void }) {
  return (
    <g className="chart-marker" data-testid="chart-marker" data-kind={event.kind} onClick={() => onSelect?.(event)} style={{ cursor: 'pointer' }}>
      <title>{markerLine(event)}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={color} strokeWidth={1} strokeDasharray="2 3" />
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={9} />
      <path d={`M${x1 - 4},${y1} L${x1 + 4},${y1} L${x1},${y1 + 6} Z`} fill={color} />
    </g>
  );
}
