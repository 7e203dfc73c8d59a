import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where one dashboard chart's plot sits on screen, and how many lines it draws. */
export interface ChartBox {
  left: number;
  top: number;
  width: number;
  height: number;
  series: number;
}

/** The dashboard's charts on screen: each chart's SVG box and its series count, read from the live page. */
export const CHART_BOXES_SCRIPT = `[...document.querySelectorAll('[data-testid^="chart-"] svg.chart-svg')]
  .map((svg) => { const r = svg.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height, series: Math.max(1, svg.querySelectorAll('[data-testid="chart-series"]').length) }; })
  .filter((b) => b.width > 0 && b.top < innerHeight && b.top + b.height > 0)`;

const POINTS = 60;

/**
 * The alternative the issue asks to measure before switching: the same charts (same boxes, series and a 1-minute
 * window of 1 Hz points) drawn on canvas by uPlot, a chart library made for streaming data, each with a line of
 * its latest values as the dashboard's legends have, all updated once per second. Bench-only: the app keeps recharts.
 */
export function canvasChartsPage(boxes: readonly ChartBox[]): string {
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const page = `
const boxes = ${JSON.stringify(boxes)};
const colors = ['#2f7ed8', '#d9534f', '#5cb85c', '#f0ad4e', '#8e6bbf', '#4aa3a3'];
const now = () => Math.floor(Date.now() / 1000);
const charts = boxes.map((box) => {
  const el = document.createElement('div');
  el.style.cssText = 'position:absolute;left:' + box.left + 'px;top:' + box.top + 'px';
  document.body.appendChild(el);
  const values = document.createElement('div');
  values.style.cssText = 'font:12px sans-serif;height:16px';
  el.appendChild(values);
  const t0 = now();
  const data = [Array.from({ length: ${POINTS} }, (_, i) => t0 - ${POINTS} + i)];
  for (let s = 0; s < box.series; s++) data.push(Array.from({ length: ${POINTS} }, () => 50 + 40 * Math.random()));
  const plot = new uPlot({
    width: box.width, height: box.height - 16, legend: { show: false }, cursor: { show: false },
    series: [{}, ...Array.from({ length: box.series }, (_, s) => ({ stroke: colors[s % colors.length], width: 1.5, points: { show: false } }))],
    scales: { y: { range: [0, 100] } },
  }, data, el);
  return { plot, data, values };
});
setInterval(() => {
  const t = now();
  for (const c of charts) {
    c.data[0].push(t); c.data[0].shift();
    for (let s = 1; s < c.data.length; s++) { const prev = c.data[s][c.data[s].length - 1]; c.data[s].push(Math.min(100, Math.max(0, prev + 10 * (Math.random() - 0.5)))); c.data[s].shift(); }
    c.plot.setData(c.data);
    c.values.textContent = c.data.slice(1).map((d) => d[d.length - 1].toFixed(1) + ' %').join('  ');
  }
}, 1000);`;
  return `<!doctype html><title>canvas charts</title><style>${css} body{margin:0}</style><script>${script}</script><body><script>${page}</script>`;
}
