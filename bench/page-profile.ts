/**
 * Where the dashboard page's renderer spends its CPU, per state (live, paused, hidden): the renderer's
 * CPU from /proc, Chromium's own counters (Performance.getMetrics: script, style, layout, task time)
 * and, unless TRIAGE_PROFILE_JS=0, the JavaScript functions with the most self time (CDP Profiler).
 * A tool for finding what to cut, quicker than the stack bench; the stack bench is the measurement.
 *
 *   npx tsx bench/page-profile.ts            (TRIAGE_PROFILE_WINDOW_S=20 by default)
 */
import { startTriageWeb } from '../e2e/web-server.js';
import { launchChromium, type BenchChromium } from './cdp-browser.js';
import { commandLine, snapshotGroups, type GroupSnapshot } from './proc-tree.js';

const WINDOW_S = Number(process.env.TRIAGE_PROFILE_WINDOW_S ?? 20);
const PROFILE_JS = process.env.TRIAGE_PROFILE_JS !== '0';
const TRACE = process.env.TRIAGE_PROFILE_TRACE === '1';
const STATES = (process.env.TRIAGE_PROFILE_STATES ?? 'live,paused,hidden').split(',');
const CPU_PATH = '[data-testid="chart-cpu"] svg [data-testid="chart-area"]';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Inclusive thread time per (thread, event name) in the page's renderer process, busiest first. */
function traceSummary(events: TraceEvent[], seconds: number, count = 40): string[] {
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid} ${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    totals.set(key, (totals.get(key) ?? 0) + (e.tdur ?? e.dur ?? 0));
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `  ${(us / 1000 / seconds).toFixed(2).padStart(7)} ms/s  ${k}`);
}

async function trace(browser: BenchChromium, label: string): Promise<void> {
  const events: TraceEvent[] = [];
  let done: () => void = () => {};
  const complete = new Promise<void>((r) => (done = r));
  const stop = browser.onEvent((method, params) => {
    if (method === 'Tracing.dataCollected') events.push(...(params as { value: TraceEvent[] }).value);
    if (method === 'Tracing.tracingComplete') done();
  });
  await browser.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'cc', 'v8', '__metadata'] },
  });
  await sleep(WINDOW_S * 1000);
  await browser.send('Tracing.end');
  await complete;
  stop();
  console.log(`\n== ${label}: trace (inclusive thread time)`);
  console.log(traceSummary(events, WINDOW_S).join('\n'));
}

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function rendererTicks(snapshot: GroupSnapshot): number {
  let ticks = 0;
  for (const [pid, line] of snapshot) if (commandLine(pid).includes('--type=renderer')) ticks = Math.max(ticks, line.ticks);
  return ticks;
}

async function metrics(browser: BenchChromium): Promise<Record<string, number>> {
  const { metrics: list } = await browser.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

function topFunctions(profile: Profile, count = 25): string[] {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  const lines = [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `  ${(us / 1000 / WINDOW_S).toFixed(2).padStart(7)} ms/s  ${k}`);
  // Inclusive: each function counted once per sample whatever its recursion.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      seen.add(`${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`);
    }
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const incl = [...inclusive.entries()]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.TRIAGE_PROFILE_INCLUSIVE ?? 0))
    .map(([k, us]) => `  ${(us / 1000 / WINDOW_S).toFixed(2).padStart(7)} ms/s  incl ${k}`);
  return [`  busy (not idle) ${(total / 1000 / WINDOW_S).toFixed(1)} ms/s`, ...lines, ...incl];
}

async function measure(browser: BenchChromium, label: string, root: number): Promise<void> {
  if (TRACE) return trace(browser, label);
  const m0 = await metrics(browser);
  if (PROFILE_JS) {
    await browser.send('Profiler.enable');
    await browser.send('Profiler.setSamplingInterval', { interval: 500 });
    await browser.send('Profiler.start');
  }
  const t0 = performance.now();
  const s0 = snapshotGroups({ chromium: [root] }).chromium;
  await sleep(WINDOW_S * 1000);
  const s1 = snapshotGroups({ chromium: [root] }).chromium;
  const seconds = (performance.now() - t0) / 1000;
  const profile = PROFILE_JS ? (await browser.send<{ profile: Profile }>('Profiler.stop')).profile : null;
  const m1 = await metrics(browser);
  const per = (name: string) => (((m1[name] ?? 0) - (m0[name] ?? 0)) * 1000) / seconds;
  const count = (name: string) => ((m1[name] ?? 0) - (m0[name] ?? 0)) / seconds;
  let all = 0;
  for (const [pid, now] of s1) {
    const then = s0.get(pid);
    all += now.ticks - (then && then.start === now.start ? then.ticks : 0);
  }
  const renderer = ((rendererTicks(s1) - rendererTicks(s0)) / 100 / seconds) * 100;
  console.log(`\n== ${label}: chromium ${((all / 100 / seconds) * 100).toFixed(2)} %, renderer ${renderer.toFixed(2)} % of one core`);
  console.log(
    `  per second: task ${per('TaskDuration').toFixed(1)} ms, script ${per('ScriptDuration').toFixed(1)} ms, style ${per('RecalcStyleDuration').toFixed(1)} ms (${count('RecalcStyleCount').toFixed(1)}×), layout ${per('LayoutDuration').toFixed(1)} ms (${count('LayoutCount').toFixed(1)}×), nodes ${m1.Nodes}, listeners ${m1.JSEventListeners}`,
  );
  if (profile) console.log(topFunctions(profile).join('\n'));
}

const triage = await startTriageWeb();
const browser = await launchChromium(triage.url, { width: 1600, height: 1000 });
try {
  await browser.waitFor(`document.querySelector('${CPU_PATH}')`, 'the first dashboard chart');
  await browser.waitFor(`document.querySelectorAll('[data-testid^="chart-"] svg').length >= 8`, 'every dashboard chart');
  await browser.send('Performance.enable', { timeDomain: 'threadTicks' });
  await sleep(10_000);
  for (const state of STATES) {
    if (state === 'live') await measure(browser, 'live', browser.pid);
    if (state === 'paused') {
      await browser.evaluate(`document.querySelector('[data-testid="pause-toggle"]').click()`);
      await measure(browser, 'paused', browser.pid);
      await browser.evaluate(`document.querySelector('[data-testid="pause-toggle"]').click()`);
    }
    if (state === 'hidden') {
      await browser.setMinimized(true);
      await sleep(3000);
      await measure(browser, 'hidden', browser.pid);
      await browser.setMinimized(false);
    }
  }
} finally {
  await browser.close();
  await triage.stop();
}
