// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Y_AXIS_WIDTH } from '../../../app/chart-axes.js';
import { chartPalette } from '../../../app/palette.js';
import { makeSample, makeSeries } from '../fixtures/samples.js';
import { samplingGaps } from '../ring.js';
import { formatClock } from '../../../app/format.js';
import { formatMetric, formatMetricAxis } from '../../../app/metrics.js';
import { timeLabelTicks } from './chart-geometry.js';
import { seriesLabel } from './ChartTooltip.js';
import { cpuModel, diskModel, loadModel } from './models.js';
import { TimeSeriesChart } from './TimeSeriesChart.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const palette = chartPalette('light');
const END = 1_700_000_000_000;

/** The segments a path draws: every "M" starts one, so a line with a hole has two. */
const segments = (d: string | null): number => (d?.match(/M/g) ?? []).length;

// Each test renders into its own container, unmounted afterwards.
let root: Root;
let container: HTMLDivElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('a dashboard chart with a hole in its history', () => {

  it('draws the hole as a break, shaded, with the reason on hover', () => {
    // 20 s of 1 s samples, nothing for 60 s (no window was open), then 20 s more.
    const before = makeSeries(20, END - 80_000);
    const after = makeSeries(20, END);
    const view = [...before, ...after];
    expect(samplingGaps(view)).toEqual([{ from: END - 80_000, to: END - 19_000 }]);

    act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={view} windowMs={120_000} width={600} height={180} palette={palette} />));

    const gaps = container.querySelectorAll('[data-testid="chart-gap"]');
    expect(gaps).toHaveLength(1);
    const reason = gaps[0]!.querySelector('title')!.textContent!;
    expect(reason).toMatch(/^No samples for 1 min 1 s \(\d\d:\d\d:\d\d–\d\d:\d\d:\d\d\): Triage was not sampling/);
    expect(reason).toContain('no window was open');
    expect(gaps[0]!.querySelector('rect')!.getAttribute('width')).not.toBe('0');

    // Each stacked area's outline is broken at the hole instead of ramping across it.
    const curves = [...container.querySelectorAll('[data-testid="chart-series"]')].map((p) => p.getAttribute('d'));
    expect(curves.length).toBeGreaterThan(0);
    for (const d of curves) expect(segments(d)).toBeGreaterThanOrEqual(2);
  });

  it('joins samples 2 s apart and a switch to 10 s sampling (no hole, one segment)', () => {
    const steady = makeSeries(30, END, 2000);
    const slower = [...makeSeries(10, END - 100_000), ...Array.from({ length: 10 }, (_, i) => makeSample(END - 100_000 + (i + 1) * 10_000, i, 10_000))];
    for (const view of [steady, slower]) {
      expect(samplingGaps(view)).toEqual([]);
      act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={view} windowMs={120_000} width={600} height={180} palette={palette} />));
      expect(container.querySelector('[data-testid="chart-gap"]')).toBeNull();
      const d = container.querySelector('[data-testid="chart-series"]')!.getAttribute('d');
      expect(segments(d)).toBe(1);
    }
  });

  it('draws what changed as markers: one line on hover, details on click, none outside the window', () => {
    const view = makeSeries(60, END);
    const inside = { time: END - 20_000, kind: 'package' as const, title: 'upgraded openssl 3.0.11 → 3.0.13', detail: 'upgrade openssl:amd64 3.0.11-1 3.0.13-1' };
    const outside = { time: END - 300_000, kind: 'boot' as const, title: 'the machine booted', detail: 'btime' };
    const clicked: unknown[] = [];
    act(() =>
      root.render(
        <TimeSeriesChart title="CPU" model={cpuModel(palette)} view={view} windowMs={60_000} width={600} height={180} palette={palette} markers={[outside, inside]} onMarker={(e) => clicked.push(e)} />,
      ),
    );
    const markers = container.querySelectorAll('[data-testid="chart-marker"]');
    expect(markers).toHaveLength(1);
    expect(markers[0]!.getAttribute('data-kind')).toBe('package');
    expect(markers[0]!.querySelector('title')!.textContent).toMatch(/^\d\d:\d\d:\d\d · package: upgraded openssl 3\.0\.11 → 3\.0\.13$/);
    // At its time on the axis: 20 s before the end of a 60 s window is two thirds of the way along.
    const x = Number(markers[0]!.querySelector('line')!.getAttribute('x1'));
    const plotWidth = 600 - Y_AXIS_WIDTH - 12;
    expect((x - Y_AXIS_WIDTH) / plotWidth).toBeCloseTo(2 / 3, 1);
    act(() => markers[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(clicked).toEqual([inside]);
  });
});

describe('a dashboard chart nobody points at', () => {
  const tooltip = () => container.querySelector('[data-testid="chart-tooltip"]');
  const frame = () => container.querySelector('[data-testid="chart-frame"]')!;
  /** A pointer over the chart at `x` px from its left edge (happy-dom lays the frame out at 0,0). */
  const pointAt = (x: number) => act(() => frame().dispatchEvent(new PointerEvent('pointerover', { bubbles: true, clientX: x })));

  it('names itself and has no tooltip until the pointer or focus is on it, and none after it leaves', () => {
    act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={makeSeries(30, END)} windowMs={60_000} width={600} height={180} palette={palette} />));
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('CPU');
    expect(tooltip()).toBeNull();
    expect(container.querySelector('.chart-hover')).toBeNull();
    // React derives pointerenter/leave from pointerover/out, as a browser sends them.
    pointAt(300);
    expect(tooltip()).not.toBeNull();
    act(() => frame().dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body })));
    expect(tooltip()).toBeNull();
  });

  it('shows the row under the pointer with every series, tooltip-only ones included, and a dot on each line', () => {
    const view = makeSeries(61, END);
    const model = { ...diskModel(palette, [{ name: 'vda', slot: 0 }]), y: { fixedMax: 100 * 1024 } };
    act(() => root.render(<TimeSeriesChart title="Disk" model={model} view={view} windowMs={60_000} width={600} height={180} palette={palette} />));
    // Half-way along the plot: the sample 30 s before the end (seed 30, read 30 KiB/s).
    const plotWidth = 600 - Y_AXIS_WIDTH - 12;
    pointAt(Y_AXIS_WIDTH + plotWidth / 2);
    const text = tooltip()!.textContent!;
    expect(text).toContain(formatClock(END - 30_000));
    for (const s of model.series) expect(text).toContain(seriesLabel(s));
    expect(text).toContain(formatMetric('disk.read', 30 * 1024));
    expect(model.series.some((s) => s.tooltipOnly)).toBe(true);
    // Each row's swatch in the series' own colour (the legend's swatch), dashed where the line is.
    const swatches = [...tooltip()!.querySelectorAll<HTMLElement>('.swatch')];
    expect(swatches.map((s) => s.style.borderColor)).toEqual(model.series.map((s) => s.color));
    expect(swatches.map((s) => s.classList.contains('dashed'))).toEqual(model.series.map((s) => s.dashed === true));
    // One dot per drawn line (read, write), none for tooltip-only values.
    expect(container.querySelectorAll('[data-testid="chart-hover-dot"]')).toHaveLength(model.series.filter((s) => !s.tooltipOnly).length);
  });

  it('says why there is nothing when the pointer is over a hole', () => {
    const view = [...makeSeries(20, END - 80_000), ...makeSeries(20, END)];
    act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={view} windowMs={120_000} width={600} height={180} palette={palette} />));
    const plotWidth = 600 - Y_AXIS_WIDTH - 12;
    // END - 50 s: inside the hole from END - 80 s to END - 19 s.
    pointAt(Y_AXIS_WIDTH + (70 / 120) * plotWidth);
    expect(tooltip()!.textContent).toMatch(/^No samples for 1 min 1 s .*Triage was not sampling/);
  });

  it('shows the newest row on keyboard focus and steps back with the arrow keys', () => {
    act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={makeSeries(30, END)} windowMs={60_000} width={600} height={180} palette={palette} />));
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('tabindex')).toBe('0');
    act(() => svg.dispatchEvent(new FocusEvent('focusin', { bubbles: true })));
    expect(tooltip()!.textContent).toContain(formatClock(END));
    act(() => svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    expect(tooltip()!.textContent).toContain(formatClock(END - 1000));
    act(() => svg.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(tooltip()).toBeNull();
  });
});

describe('a dashboard chart\'s axes', () => {
  it('labels values in the metric\'s format and times as HH:MM:SS, none cut off at the edges', () => {
    act(() => root.render(<TimeSeriesChart title="CPU" model={cpuModel(palette)} view={makeSeries(60, END)} windowMs={60_000} width={600} height={180} palette={palette} />));
    const values = [...container.querySelectorAll('[data-testid="chart-value-tick"]')].map((t) => t.textContent);
    expect(values).toEqual([0, 25, 50, 75, 100].map((v) => formatMetricAxis('cpu.busy', v)));
    const times = [...container.querySelectorAll('[data-testid="chart-time-tick"]')].map((t) => t.textContent);
    const plotWidth = 600 - Y_AXIS_WIDTH - 12;
    expect(times).toEqual(timeLabelTicks(END - 60_000, END, plotWidth).map(formatClock));
    expect(times.length).toBeGreaterThanOrEqual(3);
  });

  it('draws a reference line with its label where the value falls', () => {
    act(() => root.render(<TimeSeriesChart title="Load" model={loadModel(palette, 2)} view={makeSeries(60, END)} windowMs={60_000} width={600} height={180} palette={palette} />));
    const reference = container.querySelector('[data-testid="chart-reference"]')!;
    expect(reference.textContent).toBe('2 cores');
    expect(reference.querySelector('line')!.getAttribute('stroke-dasharray')).toBe('6 3');
  });
});
