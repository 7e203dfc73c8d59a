import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { startTriageWeb, type RunningTriage } from '../e2e/web-server.js';
import { launchBenchBrowser, pageWithLongTasks, readLongTasks, resetLongTasks } from './browser.js';
import type { BenchFigure, BenchSuite } from './types.js';

const COUNT = Number(process.env.TRIAGE_BENCH_DD_COUNT ?? 400_000);
const SEQ_COUNT = Number(process.env.TRIAGE_BENCH_SEQ_COUNT ?? 3_000_000);
/** A firehose case is stopped after this long, whether or not the program finished. */
const MAX_SECONDS = Number(process.env.TRIAGE_BENCH_TRACE_UI_SECONDS ?? 12);
/**
 * Set to a path prefix to get one Chrome CPU profile per case (`<prefix>-<case>.cpuprofile`) and the
 * long tasks with their start times (`<prefix>-<case>.longtasks.json`, page clock). A 30 ms busy
 * function named __profileMarker runs at `markerAt` (page clock) to line the two clocks up.
 */
const PROFILE = process.env.TRIAGE_BENCH_PROFILE ?? '';
/** Set to a path prefix to get one Chrome trace per case (`<prefix>-<case>.json`, open in chrome://tracing or Perfetto). */
const TRACE = process.env.TRIAGE_BENCH_TRACE ?? '';

interface Case {
  id: string;
  /** Figure names start with this. */
  label: string;
  program: string;
  args: string;
}

const CASES: Case[] = [
  {
    // One read and one write per byte, as fast as strace lets it (about 80k syscalls/s here), for ~10 s.
    id: 'dd',
    label: 'strace of dd bs=1',
    program: '/usr/bin/dd',
    args: `if=/dev/zero of=/dev/null bs=1 count=${COUNT}`,
  },
  {
    // The traced program itself floods the terminal: millions of short lines through the pty.
    id: 'seq',
    label: 'strace of seq (terminal firehose)',
    program: '/usr/bin/seq',
    args: `1 ${SEQ_COUNT}`,
  },
];

/** Resident memory of a process in bytes, from /proc (0 once it is gone). */
function rssOf(pid: number | undefined): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function runCase(browser: Browser, page: Page, triage: RunningTriage, c: Case): Promise<BenchFigure[]> {
  await page.goto(new URL('/#/trace', triage.url).toString());
  await page.getByTestId('trace-program').fill(c.program);
  await page.getByTestId('trace-args').fill(c.args);
  await page.waitForTimeout(1000);
  let markerAt = 0;
  const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    // A string, so the bundler adds no helpers to the function the page runs.
    markerAt = (await page.evaluate(
      '(() => { function __profileMarker() { const s = performance.now(); while (performance.now() - s < 30) {} return s; } return __profileMarker(); })()',
    )) as number;
  }
  if (TRACE) {
    await browser.startTracing(page, {
      path: `${TRACE}-${c.id}.json`,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'],
    });
  }
  await resetLongTasks(page);
  const metrics = await page.context().newCDPSession(page);
  await metrics.send('Performance.enable');
  const busyBefore = await taskSeconds(metrics);
  const backendPid = triage.process.pid;
  const rssBefore = rssOf(backendPid);
  let rssPeak = rssBefore;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(backendPid))), 100);
  const started = performance.now();
  await page.getByTestId('trace-start').click();
  const ended = page.getByTestId('trace-state').filter({ hasText: /^(Ended|Trace ended)/ });
  const finishedInTime = await ended.waitFor({ timeout: MAX_SECONDS * 1000 }).then(
    () => true,
    () => false,
  );
  if (!finishedInTime) {
    // No actionability wait: a page under load may never look "stable" to Playwright.
    await page.getByTestId('trace-stop').dispatchEvent('click');
    await ended.waitFor({ timeout: 60_000 });
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(rssTimer);
  const busy = (await taskSeconds(metrics)) - busyBefore;
  await metrics.detach();
  // Whatever the last batch set off (views, terminal catching up) counts too.
  await page.waitForTimeout(500);
  const longTasks = await readLongTasks(page);
  if (TRACE) await browser.stopTracing();
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${PROFILE}-${c.id}.cpuprofile`, JSON.stringify(profile));
    const entries = await page.evaluate(() => (window as unknown as { __longTaskTimes?: number[][] }).__longTaskTimes ?? []);
    writeFileSync(`${PROFILE}-${c.id}.longtasks.json`, JSON.stringify({ markerAt, longTasks: entries }));
    await cdp.detach();
  }
  const events = Number(((await page.getByTestId('trace-counters').textContent()) ?? '').replace(/,/g, '').replace(/[^0-9].*$/s, '')) || 0;
  const worst = longTasks.length ? Math.max(...longTasks) : 0;
  // Back to the form for the next case (and the trace's capture is deleted).
  await page.getByTestId('trace-close').click();
  await page.getByTestId('trace-program').waitFor({ timeout: 30_000 });
  return [
    { name: `trace-ui: ${c.label}, events streamed to the page`, value: events, unit: `events in ${seconds.toFixed(1)} s` },
    { name: `trace-ui: ${c.label}, longest task while it streams`, value: Math.round(worst), unit: 'ms', budget: { limit: 100, met: worst <= 100 } },
    { name: `trace-ui: ${c.label}, long tasks (>50 ms)`, value: longTasks.length, unit: 'count' },
    { name: `trace-ui: ${c.label}, page main thread busy`, value: Math.round((busy / seconds) * 100), unit: '% of the time' },
    { name: `trace-ui: ${c.label}, backend peak RSS growth`, value: Math.round((rssPeak - rssBefore) / 1e6), unit: 'MB' },
  ];
}

/** Seconds the page's main thread spent running tasks so far (Chrome's TaskDuration metric). */
async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** The trace console in Chromium while a syscall-heavy program runs under strace, first run included. */
export const suite: BenchSuite = {
  name: 'trace-ui',
  async run(): Promise<BenchFigure[]> {
    const browser = await launchBenchBrowser();
    const triage = await startTriageWeb();
    try {
      const page = await pageWithLongTasks(browser);
      if (PROFILE) {
        await page.addInitScript(() => {
          const w = window as unknown as { __longTaskTimes: number[][] };
          w.__longTaskTimes = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__longTaskTimes.push([e.startTime, e.duration]);
          }).observe({ type: 'longtask', buffered: false });
        });
      }
      await page.goto(triage.url);
      const figures: BenchFigure[] = [];
      const only = process.env.TRIAGE_BENCH_TRACE_UI_CASES?.split(',');
      for (const c of CASES) if (!only || only.includes(c.id)) figures.push(...(await runCase(browser, page, triage, c)));
      return figures;
    } finally {
      await browser.close();
      await triage.stop();
    }
  },
};
