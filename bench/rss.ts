/**
 * Issue 16: backend resident memory ≤ 60 MiB after 5 minutes at 1 Hz with the UI attached (the dashboard
 * open in a real browser over web mode). TRIAGE_BENCH_RSS_MINUTES shortens the run (the figure says how
 * long it ran). RssAnon is the JavaScript heap and native allocations; RssFile is mapped code (node,
 * shared libraries), which other processes share.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { startTriageWeb } from '../e2e/web-server.js';
import { launchBenchBrowser } from './browser.js';
import type { BenchFigure, BenchSuite } from './types.js';

const MINUTES = Number(process.env.TRIAGE_BENCH_RSS_MINUTES ?? 5);
const FIRST_CHART = '[data-testid="chart-cpu"] svg [data-testid="chart-series"]';
const MIB = 1024 * 1024;

/** VmRSS, RssAnon and RssFile of a process in bytes, from /proc/PID/status. */
function memoryOf(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

/** Processes on the machine: the backend keeps a row and a leak-screen series for each, so its memory follows them. */
function processCount(): number {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
}

/**
 * An idle Node process of the same binary after `script` (none: the floor, no code of ours), measured in the
 * same run; `env` lets a variable's cost be compared.
 */
async function idleNodeMemory(script = '', env: NodeJS.ProcessEnv = process.env): Promise<{ rss: number; anon: number; file: number }> {
  const child = spawn(process.execPath, ['-e', `${script}; process.stdout.write("up\\n"); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'ignore'], env });
  try {
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return memoryOf(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

export const suite: BenchSuite = {
  name: 'backend memory (issue 16)',
  async run(): Promise<BenchFigure[]> {
    const browser = await launchBenchBrowser();
    const triage = await startTriageWeb();
    try {
      const pid = triage.process.pid!;
      const page = await browser.newPage();
      await page.goto(triage.url);
      await page.locator(FIRST_CHART).first().waitFor({ state: 'attached', timeout: 30_000 });
      const atStart = memoryOf(pid);
      let peak = atStart.rss;
      const deadline = Date.now() + MINUTES * 60_000;
      while (Date.now() < deadline) {
        await page.waitForTimeout(Math.min(5000, Math.max(0, deadline - Date.now())));
        peak = Math.max(peak, memoryOf(pid).rss);
      }
      const end = memoryOf(pid);
      const processes = processCount();
      await page.close();
      const floor = await idleNodeMemory();
      // NODE_EXTRA_CA_CERTS (set on some machines for a proxy's CA) makes Node parse that bundle into memory when
      // crypto loads, which the WebSocket library does in every backend: what the variable costs here.
      const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
      const certCost = extraCaCerts
        ? (await idleNodeMemory('require("node:crypto")')).rss - (await idleNodeMemory('require("node:crypto")', { ...process.env, NODE_EXTRA_CA_CERTS: '' })).rss
        : null;
      const mib = (bytes: number): number => Number((bytes / MIB).toFixed(1));
      const label = `after ${MINUTES} min at 1 Hz, dashboard open`;
      return [
        { name: `rss: backend RSS ${label}`, value: mib(end.rss), unit: 'MiB', budget: { limit: 60, met: end.rss <= 60 * MIB } },
        { name: `rss: of which anonymous (heap and native allocations)`, value: mib(end.anon), unit: 'MiB' },
        { name: `rss: of which file-backed (node binary, libraries)`, value: mib(end.file), unit: 'MiB' },
        { name: 'rss: floor: an idle `node` of the same binary', value: mib(floor.rss), unit: 'MiB' },
        { name: 'rss: floor: of which file-backed', value: mib(floor.file), unit: 'MiB' },
        { name: 'rss: backend RSS above that floor', value: mib(end.rss - floor.rss), unit: 'MiB', baseline: { name: 'idle node', value: mib(floor.rss) }, ratio: Number((end.rss / floor.rss).toFixed(2)) },
        ...(certCost === null
          ? []
          : [{ name: `rss: of the backend's RSS, what NODE_EXTRA_CA_CERTS (${extraCaCerts}) adds when crypto loads`, value: mib(certCost), unit: 'MiB' }]),
        { name: 'rss: backend RSS when the first chart appeared', value: mib(atStart.rss), unit: 'MiB' },
        { name: `rss: backend peak RSS over the run (read every 5 s)`, value: mib(peak), unit: 'MiB' },
        { name: 'rss: processes on the machine at the end (a series each)', value: processes, unit: 'processes' },
      ];
    } finally {
      await triage.stop();
      await browser.close();
    }
  },
};
