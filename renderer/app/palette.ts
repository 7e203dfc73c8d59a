import type { ResolvedTheme } from './theme.js';

const light = {
  series: ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7f8c', '#6e7781'],
  user: '#1f6feb',
  system: '#d1242f',
  iowait: '#bf8700',
  steal: '#8250df',
  used: '#1f6feb',
  cache: '#8fb8f5',
  available: '#1a7f37',
  swap: '#bf3989',
  reference: '#cf222e',
  grid: '#d8dee4',
  axis: '#57606a',
};

/**
 * Chart colours per theme. SVG strokes take them as attributes, so they live here rather than in CSS
 * variables; the surfaces around the charts use the CSS variables in styles/theme.css.
 */
export type ChartPalette = Readonly<typeof light>;

const dark: ChartPalette = {
  series: ['#58a6ff', '#ff7b72', '#3fb950', '#d29922', '#bc8cff', '#f778ba', '#39c5cf', '#8b949e'],
  user: '#58a6ff',
  system: '#ff7b72',
  iowait: '#d29922',
  steal: '#bc8cff',
  used: '#58a6ff',
  cache: '#1f4f8a',
  available: '#3fb950',
  swap: '#f778ba',
  reference: '#ff7b72',
  grid: '#30363d',
  axis: '#8b949e',
};

export function chartPalette(theme: ResolvedTheme): ChartPalette {
  return theme === 'dark' ? dark : light;
}

export function seriesColor(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length]!;
}
