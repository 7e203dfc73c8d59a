// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Y_AXIS_WIDTH } from '../../../app/chart-axes.js';
import { chartPalette } from '../../../app/palette.js';
import { makeSample, makeSeries } from '../fixtures/samples.js';
import { samplingGaps } from '../ring.js';
import { cpuModel } from './models.js';
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

    act(() => root.render(<TimeSeriesChart model={cpuModel(palette)} view={view} windowMs={120_000} width={600} height={180} palette={palette} />));

    const gaps = container.querySelectorAll('[data-testid="chart-gap"]');
    expect(gaps).toHaveLength(1);
    const reason = gaps[0]!.querySelector('title')!.textContent!;
    expect(reason).toMatch(/^No samples for 1 min 1 s \(\d\d:\d\d:\d\d–\d\d:\d\d:\d\d\): Triage was not sampling/);
    expect(reason).toContain('no window was open');
    expect(gaps[0]!.querySelector('rect')!.getAttribute('width')).not.toBe('0');

    // Each stacked area's outline is broken at the hole instead of ramping across it.
    const curves = [...container.querySelectorAll('path.recharts-curve')].map((p) => p.getAttribute('d'));
    expect(curves.length).toBeGreaterThan(0);
    for (const d of curves) expect(segments(d)).toBeGreaterThanOrEqual(2);
  });

  it('joins samples 2 s apart and a switch to 10 s sampling (no hole, one segment)', () => {
    const steady = makeSeries(30, END, 2000);
    const slower = [...makeSeries(10, END - 100_000), ...Array.from({ length: 10 }, (_, i) => makeSample(END - 100_000 + (i + 1) * 10_000, i, 10_000))];
    for (const view of [steady, slower]) {
      expect(samplingGaps(view)).toEqual([]);
      act(() => root.render(<TimeSeriesChart model={cpuModel(palette)} view={view} windowMs={120_000} width={600} height={180} palette={palette} />));
      expect(container.querySelector('[data-testid="chart-gap"]')).toBeNull();
      const d = container.querySelector('path.recharts-curve')!.getAttribute('d');
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
        <TimeSeriesChart model={cpuModel(palette)} view={view} windowMs={60_000} width={600} height={180} palette={palette} markers={[outside, inside]} onMarker={(e) => clicked.push(e)} />,
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
  it('has no tooltip until the pointer or focus is on it, and none after it leaves', () => {
    act(() => root.render(<TimeSeriesChart model={cpuModel(palette)} view={makeSeries(30, END)} windowMs={60_000} width={600} height={180} palette={palette} />));
    const tooltip = () => container.querySelector('.recharts-tooltip-wrapper');
    const frame = container.querySelector('[data-testid="chart-frame"]')!;
    expect(tooltip()).toBeNull();
    // React derives pointerenter/leave from pointerover/out, as a browser sends them.
    act(() => frame.dispatchEvent(new PointerEvent('pointerover', { bubbles: true })));
    expect(tooltip()).not.toBeNull();
    act(() => frame.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body })));
    expect(tooltip()).toBeNull();
    act(() => frame.dispatchEvent(new FocusEvent('focusin', { bubbles: true })));
    expect(tooltip()).not.toBeNull();
  });
});

