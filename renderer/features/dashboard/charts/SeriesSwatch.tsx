import type { SeriesDef } from './models.js';

/** A series' colour sample, solid or dashed as its line is drawn: the legend's and the tooltip's, alike. */
export function SeriesSwatch({ series }: { series: SeriesDef }) {
  return <span className={series.dashed ? 'swatch dashed' : 'swatch'} style={{ borderColor: series.color, background: series.dashed ? 'transparent' : series.color }} />;
}
