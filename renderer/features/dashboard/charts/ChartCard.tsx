import type { ReactNode } from 'react';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { formatMetric } from '../../../app/metrics.js';
import type { ElementFrame } from '../../../app/useElementWidth.js';
import { seriesLabel } from './ChartTooltip.js';
import type { SeriesDef } from './models.js';
import { SeriesSwatch } from './SeriesSwatch.js';

export const CHART_HEIGHT = 180;

export interface ChartCardProps {
  /** Test id suffix: data-testid="chart-<name>". */
  name: string;
  title: string;
  subtitle?: string;
  /** Series to list in the legend with their newest value. */
  legend?: readonly SeriesDef[];
  latest?: SystemSample | null;
  /** A sentence under the legend (hidden devices, no swap…). */
  note?: string;
  /** The chart body's frame (from useElementFrame), owned by the caller so it can skip off-screen work. */
  frame: ElementFrame<HTMLDivElement>;
  children: (width: number) => ReactNode;
}

export function ChartCard({ name, title, subtitle, legend, latest, note, frame, children }: ChartCardProps) {
  const { ref: bodyRef, width } = frame;
  return (
    <section className="card chart-card" data-testid={`chart-${name}`} aria-label={title}>
      <header className="chart-head">
        <h3>{title}</h3>
        {subtitle ? <span className="muted">{subtitle}</span> : null}
      </header>
      {legend && legend.length > 0 ? (
        <ul className="legend">
          {legend
            .filter((s) => !s.tooltipOnly)
            .map((s) => (
              <li key={s.key}>
                <SeriesSwatch series={s} />
                <span className="legend-label">{seriesLabel(s)}</span>
                <span className="num">{latest ? formatMetric(s.metric, s.read(latest)) : '—'}</span>
              </li>
            ))}
        </ul>
      ) : null}
      {note ? <p className="chart-note muted">{note}</p> : null}
      <div className="chart-body" ref={bodyRef} style={{ height: CHART_HEIGHT }}>
        {width > 0 ? children(width) : null}
      </div>
    </section>
  );
}
