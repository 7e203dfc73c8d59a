import { spawn, type ChildProcess } from 'node:child_process';
import { startTriageWeb } from '../e2e/web-server.js';
import { FLOOR_PAGES, launchFloorBrowsers, type FloorPage } from './browser-floor.js';
import { canvasChartsPage, CHART_BOXES_SCRIPT, type ChartBox } from './canvas-charts-page.js';
import { launchChromium, type BenchChromium } from './cdp-browser.js';
import { median } from './measure.js';
import { startPeers, type Peer } from './peers.js';
import { commandLine, groupCpuSeconds, snapshotGroups, type GroupSnapshot } from './proc-tree.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** Seconds per measured window and how many windows per state (the figure is their median). */
const WINDOW_S = Number(process.env.TRIAGE_BENCH_STACK_WINDOW_S ?? 60);
const WINDOWS = Number(process.env.TRIAGE_BENCH_STACK_WINDOWS ?? 3);
const EXTRA = Number(process.env.TRIAGE_BENCH_STACK_EXTRA_PROCS ?? 1000);
/** The states to measure, comma-separated (a short before/after run of one or two): all four by default. */
const STATES = new Set((process.env.TRIAGE_BENCH_STACK_STATES ?? 'dashboard,paused,hidden,table').split(',').map((s) => s.trim()));
/** A desktop browser window; the dashboard shows all nine charts at this size. */
const VIEWPORT = { width: 1600, height: 1000 };

const CPU_PATH = '[data-testid="chart-cpu"] svg [data-testid="chart-area"]';

/** 'backend', 'chromium', 'peer:<name>', 'floor:<page>' or 'canvas' (the alternative). */
type Group = string;

interface WindowResult {
  /** % of one core per group. */
  percent: Record<Group, number>;
  /** The backend's and Chromium's together. */
  stack: number;
  /** The busiest Chromium renderer (the page) alone. */
  renderer: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function busiestRenderer(before: GroupSnapshot, after: GroupSnapshot, seconds: number): number {
  let best = 0;
  for (const [pid, now] of after) {
    if (!commandLine(pid).includes('--type=renderer')) continue;
    const then = before.get(pid);
    const used = (now.ticks - (then && then.start === now.start ? then.ticks : 0)) / 100;
    best = Math.max(best, (used / seconds) * 100);
  }
  return best;
}

/** One window: every group's CPU over `WINDOW_S` seconds, from one /proc walk at each end. */
async function measureWindow(roots: Record<Group, number[]>): Promise<WindowResult> {
  const start = performance.now();
  const before = snapshotGroups(roots);
  await sleep(WINDOW_S * 1000);
  const after = snapshotGroups(roots);
  const seconds = (performance.now() - start) / 1000;
  const percent = {} as Record<Group, number>;
  for (const key of Object.keys(roots)) percent[key] = (groupCpuSeconds(before[key]!, after[key]!) / seconds) * 100;
  return { percent, stack: percent.backend! + percent.chromium!, renderer: busiestRenderer(before.chromium!, after.chromium!, seconds) };
}

async function measureState(label: string, roots: Record<Group, number[]>, check?: () => Promise<void>): Promise<WindowResult> {
  const windows: WindowResult[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    windows.push(await measureWindow(roots));
    await check?.();
    process.stderr.write(`stack: ${label} window ${i + 1}/${WINDOWS}: stack ${windows[i]!.stack.toFixed(2)} %\n`);
  }
  const percent: Record<Group, number> = {};
  for (const key of Object.keys(roots)) percent[key] = median(windows.map((w) => w.percent[key] ?? Number.NaN));
  // The stack's median is of whole windows, not the sum of two medians taken from different windows.
  return { percent, stack: median(windows.map((w) => w.stack)), renderer: median(windows.map((w) => w.renderer)) };
}

/** Fails the run if the page stopped drawing new samples (a stalled page would flatter the figure). */
async function assertChartMoves(browser: BenchChromium): Promise<void> {
  const read = () => browser.evaluate<string>(`[...document.querySelectorAll('${CPU_PATH}')].map((p) => p.getAttribute('d')).join(' ')`);
  const first = await read();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await sleep(250);
    if ((await read()) !== first) return;
  }
  throw new Error('the dashboard CPU chart did not change for 5 s: the page is not updating');
}

function spawnSleepers(count: number): ChildProcess[] {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) children.push(spawn('/bin/sleep', ['900'], { stdio: 'ignore' }));
  return children;
}

const round = (n: number) => Number(n.toFixed(2));

function stackFigures(name: string, r: WindowResult, peers: Peer[], budget?: number): BenchFigure[] {
  const stack = r.stack;
  const figures: BenchFigure[] = [
    { name: `stack: ${name}: backend + every Chromium process`, value: round(stack), unit: '% of one core', ...(budget === undefined ? {} : { budget: { limit: budget, met: stack <= budget } }) },
    { name: `stack: ${name}: of which backend`, value: round(r.percent.backend ?? Number.NaN), unit: '% of one core' },
    { name: `stack: ${name}: of which Chromium (all processes)`, value: round(r.percent.chromium ?? Number.NaN), unit: '% of one core' },
    { name: `stack: ${name}: of which the page's renderer`, value: round(r.renderer), unit: '% of one core' },
  ];
  for (const peer of peers) {
    const value = r.percent[`peer:${peer.name}`] ?? Number.NaN;
    figures.push({ name: `stack: ${name}: peer ${peer.name} in the same windows`, value: round(value), unit: '% of one core' });
  }
  for (const page of Object.keys(FLOOR_PAGES) as FloorPage[]) {
    const value = r.percent[`floor:${page}`];
    if (value !== undefined) figures.push({ name: `stack: ${name}: browser floor: ${FLOOR_PAGES[page].label}`, value: round(value), unit: '% of one core' });
  }
  return figures;
}

/** What the page's Chromium costs above the cheapest page that updates at 1 Hz, in the same windows. */
function aboveFloorFigure(name: string, r: WindowResult): BenchFigure[] {
  const text = r.percent['floor:text'];
  if (text === undefined) return [];
  return [{ name: `stack: ${name}: Chromium above the browser floor (${FLOOR_PAGES.text.label})`, value: round((r.percent.chromium ?? Number.NaN) - text), unit: '% of one core' }];
}

/** The same charts drawn on canvas by uPlot, in the same windows: what switching away from SVG would save. */
function canvasFigures(name: string, r: WindowResult, boxes: readonly ChartBox[]): BenchFigure[] {
  const canvas = r.percent.canvas;
  if (canvas === undefined) return [];
  const label = `alternative: Chromium showing the same ${boxes.length} charts (${boxes.reduce((n, b) => n + b.series, 0)} series, 1-min window) drawn on canvas by uPlot`;
  const figures: BenchFigure[] = [
    { name: `stack: ${name}: ${label}`, value: round(canvas), unit: '% of one core', baseline: { name: "the dashboard's Chromium", value: round(r.percent.chromium ?? Number.NaN) }, ratio: canvas / (r.percent.chromium ?? Number.NaN) },
  ];
  const text = r.percent['floor:text'];
  if (text !== undefined) figures.push({ name: `stack: ${name}: ${label}, above the browser floor`, value: round(canvas - text), unit: '% of one core' });
  return figures;
}

function ratioFigure(name: string, r: WindowResult, peer: Peer | undefined, limit?: number): BenchFigure[] {
  if (!peer) return [];
  const stack = r.stack;
  const peerValue = r.percent[`peer:${peer.name}`] ?? Number.NaN;
  const ratio = stack / peerValue;
  return [
    {
      name: `stack: ${name}: stack ÷ ${peer.name}`,
      value: round(ratio),
      unit: `× ${peer.name}`,
      baseline: { name: peer.name, value: round(peerValue) },
      ratio,
      ...(limit === undefined ? {} : { budget: { limit, met: ratio <= limit } }),
    },
  ];
}

/**
 * What a user pays for Triage at 1 Hz: the backend and every Chromium process it caused, measured as
 * process-group CPU from /proc, with top, htop and btop running in the same windows as peers.
 */
export const suite: BenchSuite = {
  name: 'stack',
  async run(): Promise<BenchFigure[]> {
    const { peers, missing } = await startPeers();
    if (missing.length) process.stderr.write(`stack: not installed, so not measured: ${missing.join(', ')}\n`);
    const triage = await startTriageWeb();
    let sleepers: ChildProcess[] = [];
    let browser: BenchChromium | null = null;
    let floors: Record<FloorPage, BenchChromium> | null = null;
    let canvas: BenchChromium | null = null;
    try {
      browser = await launchChromium(triage.url, VIEWPORT);
      floors = await launchFloorBrowsers(VIEWPORT);
      const roots: Record<Group, number[]> = { backend: [triage.process.pid!], chromium: [browser.pid] };
      for (const peer of peers) roots[`peer:${peer.name}`] = [peer.pid];
      for (const [page, floor] of Object.entries(floors)) roots[`floor:${page}`] = [floor.pid];
      const byName = (prefix: string) => peers.find((p) => p.name.startsWith(prefix));

      await browser.waitFor(`document.querySelector('${CPU_PATH}')`, 'the first dashboard chart');
      await browser.waitFor(`document.querySelectorAll('[data-testid^="chart-"] svg').length >= 8`, 'every dashboard chart');
      await sleep(15_000);
      const charts = await browser.evaluate<number>(`document.querySelectorAll('[data-testid^="chart-"] svg.chart-svg').length`);
      // Charts off screen are not redrawn, so the cost per chart is per chart on screen.
      const boxes = await browser.evaluate<ChartBox[]>(CHART_BOXES_SCRIPT);
      const onScreen = boxes.length;
      // The alternative measured beside the dashboard: its charts on screen, drawn on canvas by uPlot (bench only).
      if (STATES.has('dashboard')) {
        canvas = await launchChromium(`data:text/html,${encodeURIComponent(canvasChartsPage(boxes))}`, VIEWPORT);
        await canvas.waitFor(`document.querySelectorAll('canvas').length === ${boxes.length}`, 'the canvas charts');
        roots.canvas = [canvas.pid];
        await sleep(5000);
      }
      const visible = STATES.has('dashboard') ? await measureState('dashboard', roots, () => assertChartMoves(browser!)) : null;
      if (canvas) {
        delete roots.canvas;
        await canvas.close();
        canvas = null;
      }

      // The floor: the same page, paused, so only the status line changes each second.
      let paused: WindowResult | null = null;
      if (STATES.has('paused')) {
        await browser.evaluate(`document.querySelector('[data-testid="pause-toggle"]').click()`);
        await browser.waitFor(`document.querySelector('[data-testid="live-status"]').textContent.startsWith('Paused')`, 'the pause');
        paused = await measureState('dashboard paused', roots);
        await browser.evaluate(`document.querySelector('[data-testid="pause-toggle"]').click()`);
        await assertChartMoves(browser);
      }

      let hidden: WindowResult | null = null;
      if (STATES.has('hidden')) {
        await browser.setMinimized(true);
        await sleep(5000);
        hidden = await measureState('dashboard hidden', roots);
        await browser.setMinimized(false);
        // Coming back must catch up at once: the newest sample drawn within a few seconds.
        await assertChartMoves(browser);
      }

      let table: WindowResult | null = null;
      if (STATES.has('table')) {
        sleepers = spawnSleepers(EXTRA);
        await browser.evaluate(`location.hash = '#/processes'`);
        await browser.waitFor(`document.querySelectorAll('[data-testid^="process-row-"]').length > 10`, 'the process table');
        await sleep(15_000);
        table = await measureState(`process table +${EXTRA}`, roots);
      }

      const dash = `dashboard at 1 Hz, 1-min window, ${charts} charts (${onScreen} on screen), ${VIEWPORT.width}×${VIEWPORT.height}`;
      const hid = 'dashboard minimised (document.hidden)';
      const floor = 'floor: dashboard paused (only the status line changes)';
      const tab = `process table at 1 Hz, +${EXTRA} processes`;
      return [
        ...(visible
          ? [...stackFigures(dash, visible, peers, 1.5), ...ratioFigure(dash, visible, byName('htop'), 0.5), ...ratioFigure(dash, visible, byName('top'), 2), ...ratioFigure(dash, visible, byName('btop'))]
          : []),
        ...(visible ? aboveFloorFigure(dash, visible) : []),
        ...(visible ? canvasFigures(dash, visible, boxes) : []),
        ...(paused ? stackFigures(floor, paused, peers) : []),
        ...(visible && paused
          ? [{ name: `stack: each chart on screen redrawn at 1 Hz ((dashboard − floor) ÷ ${onScreen})`, value: round((visible.stack - paused.stack) / Math.max(1, onScreen)), unit: '% of one core' }]
          : []),
        ...(hidden ? stackFigures(hid, hidden, peers, 1) : []),
        ...(table ? [...stackFigures(tab, table, peers), ...ratioFigure(tab, table, byName('htop'), 1), ...ratioFigure(tab, table, byName('top')), ...ratioFigure(tab, table, byName('btop'))] : []),
        { name: `stack: each figure is the median of ${WINDOWS} windows of ${WINDOW_S} s`, value: WINDOWS * WINDOW_S, unit: 's per state' },
      ];
    } finally {
      await browser?.close();
      await canvas?.close();
      await Promise.all(Object.values(floors ?? {}).map((floor) => floor.close()));
      await triage.stop();
      for (const peer of peers) peer.stop();
      for (const child of sleepers) child.kill('SIGKILL');
    }
  },
};
