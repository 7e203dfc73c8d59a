// @vitest-environment happy-dom
import { act, Profiler } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSample, makeSeries } from '../fixtures/samples.js';
import { useDashboard } from '../store.js';
import { DashboardCharts } from './DashboardCharts.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const END = 1_700_000_000_000;
/** The charts this fixture fills (no swap, no pressure, no network interface in it). */
const DRAWN = ['cpu', 'cores', 'load', 'memory', 'swapio', 'disk'];

const pathOf = (chart: string) => document.querySelector(`[data-testid="chart-${chart}"] [data-testid="chart-series"]`)?.getAttribute('d') ?? null;

describe('the dashboard charts on a tick', () => {
  let root: Root;
  let container: HTMLDivElement;
  let restoreRect: () => void;
  /** Commit time of every commit in which each chart rendered. */
  const commits = new Map<string, number[]>();
  /** Runs at every commit of the charts (onRender comes after React has written the DOM). */
  let probe: (() => void) | null = null;

  beforeAll(async () => {
    // happy-dom lays nothing out: give every element a desktop chart's width so the charts draw.
    const original = HTMLElement.prototype.getBoundingClientRect;
    HTMLElement.prototype.getBoundingClientRect = function () {
      return { x: 0, y: 0, top: 0, left: 0, bottom: 180, right: 700, width: 700, height: 180, toJSON: () => ({}) } as DOMRect;
    };
    restoreRect = () => (HTMLElement.prototype.getBoundingClientRect = original);
    useDashboard.getState().ingest({ kind: 'history', samples: makeSeries(60, END), intervalMs: 1000 });
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    const onRender = (id: string, _phase: string, _actual: number, _base: number, _start: number, commitTime: number) => {
      const list = commits.get(id) ?? [];
      list.push(commitTime);
      commits.set(id, list);
      probe?.();
    };
    await act(async () => root.render(<Profiler id="dashboard" onRender={onRender}><DashboardCharts /></Profiler>));
    // Charts after the first mount one per slot: wait until all of them have drawn.
    const deadline = Date.now() + 10_000;
    while (DRAWN.some((chart) => pathOf(chart) === null) && Date.now() < deadline) {
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  });

  afterAll(() => {
    act(() => root.unmount());
    container.remove();
    restoreRect();
  });

  it('redraws every chart in the same commit', async () => {
    for (const chart of DRAWN) expect(pathOf(chart), chart).not.toBeNull();
    const before = new Map(DRAWN.map((chart) => [chart, pathOf(chart)]));
    // After each commit: which charts already draw the new sample.
    const redrawn: string[][] = [];
    probe = () => redrawn.push(DRAWN.filter((chart) => pathOf(chart) !== before.get(chart)));
    await act(async () => useDashboard.getState().ingest({ kind: 'sample', sample: makeSample(END + 1000, 61) }));
    probe = null;
    // The paths are drawn in the render that takes the sample: the first commit moves every chart,
    // not one chart per task, and no commit follows in which one trails behind.
    expect(redrawn.length).toBeGreaterThan(0);
    for (const charts of redrawn) expect(charts).toEqual(DRAWN);
  });

  it('draws nothing while the page is hidden and catches up from the history when it is shown', async () => {
    const shown = new Map(DRAWN.map((chart) => [chart, pathOf(chart)]));
    await act(async () => useDashboard.getState().setPageVisible(false));
    commits.clear();
    // A sample already on its way when the stream closed is kept, not drawn.
    await act(async () => useDashboard.getState().ingest({ kind: 'sample', sample: makeSample(END + 2000, 62) }));
    expect(commits.get('dashboard') ?? []).toEqual([]);
    for (const chart of DRAWN) expect(pathOf(chart), chart).toBe(shown.get(chart));

    await act(async () => useDashboard.getState().setPageVisible(true));
    // The re-opened stream's first message: the backend's ring, which went on filling while hidden.
    await act(async () => useDashboard.getState().ingest({ kind: 'history', samples: makeSeries(64, END + 4000), intervalMs: 1000 }));
    for (const chart of DRAWN) expect(pathOf(chart), chart).not.toBe(shown.get(chart));
  });
});
