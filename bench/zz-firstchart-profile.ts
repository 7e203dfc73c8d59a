// ad-hoc (not committed): where the time to the first chart goes, page side.
import { writeFileSync } from 'node:fs';
import { launchBenchBrowser } from './browser.js';
import { startTriageWeb } from '../e2e/web-server.js';
const FIRST_CHART = '[data-testid="chart-cpu"] svg path.recharts-area-area, [data-testid="chart-cpu"] svg path.recharts-curve';
const browser = await launchBenchBrowser();
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const triage = await startTriageWeb();
  const tUrl = performance.now();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const tNav = performance.now();
  await page.goto(triage.url);
  const tLoaded = performance.now();
  await page.locator(FIRST_CHART).first().waitFor({ state: 'attached', timeout: 30_000 });
  const tChart = performance.now();
  const { profile } = await cdp.send('Profiler.stop');
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({ name: r.name.split('/').pop(), start: Math.round(r.startTime), end: Math.round(r.responseEnd) }));
    return { responseEnd: Math.round(n.responseEnd), dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), now: Math.round(performance.now()), res };
  });
  writeFileSync(`/tmp/perf/page-${i}.cpuprofile`, JSON.stringify(profile));
  console.log(`start→url ${Math.round(tUrl - t0)}  goto ${Math.round(tLoaded - tNav)}  →chart ${Math.round(tChart - tNav)} total ${Math.round(tChart - t0)}`, JSON.stringify({ ...nav, res: nav.res.filter((r) => !/\.js$/.test(r.name ?? '') || r.end > 0).slice(-6) }));
  await page.close();
  await triage.stop();
}
await browser.close();
