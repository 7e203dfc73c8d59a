import { escapeHtml } from './html-escape.js';
import { clockTime, formatBytes } from './time-text.js';

export interface ChartSeries {
  label: string;
  color: string;
  points: Array<{ time: number; value: number }>;
}

export interface ChartOptions {
  title: string;
  unit: string;
  /** Fixed top of the scale (100 for percentages); otherwise the highest value. */
  max?: number;
  width?: number;
  height?: number;
}

const PAD = { left: 48, right: 12, top: 24, bottom: 28 };

/** Most points a line gets: more than the pixels across only makes the file bigger. */
const MAX_POINTS = 600;

/** A line chart as inline SVG (polylines, no script, no library). Pure. */
export function svgLineChart(series: ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 200;
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.time) && Number.isFinite(p.value));
  const title = `<text x="${PAD.left}" y="16" class="t">${escapeHtml(options.title)}</text>`;
  if (all.length < 2) {
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="m">No data in this snapshot</text></svg>`;
  }
  const t0 = Math.min(...all.map((p) => p.time));
  const t1 = Math.max(...all.map((p) => p.time));
  const top = options.max ?? niceMax(Math.max(...all.map((p) => p.value)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t: number): number => PAD.left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number): number => PAD.top + plotH - (top === 0 ? 0 : (Math.min(Math.max(v, 0), top) / top) * plotH);
  const grid = [0, 0.5, 1]
    .map((f) => {
      const gy = PAD.top + plotH - f * plotH;
      return `<line x1="${PAD.left}" y1="${gy.toFixed(1)}" x2="${width - PAD.right}" y2="${gy.toFixed(1)}" class="g"/><text x="${PAD.left - 4}" y="${(gy + 4).toFixed(1)}" text-anchor="end" class="a">${escapeHtml(formatValue(top * f, options.unit))}</text>`;
    })
    .join('');
  const axis = `<text x="${PAD.left}" y="${height - 8}" class="a">${escapeHtml(clockTime(t0))}</text><text x="${width - PAD.right}" y="${height - 8}" text-anchor="end" class="a">${escapeHtml(clockTime(t1))}</text>`;
  const lines = series
    .map((s) => {
      const pts = downsample(s.points.filter((p) => Number.isFinite(p.time) && Number.isFinite(p.value)), MAX_POINTS);
      const coords = pts.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${safeColor(s.color)}" stroke-width="1.5" points="${coords}"><title>${escapeHtml(s.label)}</title></polyline>`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<text x="${width - PAD.right - (series.length - i) * 110}" y="16" fill="${safeColor(s.color)}" class="l">${escapeHtml(s.label)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${title}${legend}${grid}${axis}${lines}</svg>`;
}

function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)] as T);
  out.push(points[points.length - 1] as T);
  return out;
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') return formatBytes(value);
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
}

/** Colours come from the report code, never from the file; still, only #hex gets through. */
function safeColor(color: string): string {
  return /^#[0-9a-f]{3,8}$/i.test(color) ? color : '#888';
}
