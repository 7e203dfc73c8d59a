/**
 * Issue 18, the Prometheus exporter: the CPU of one scrape (top-N of the whole table, filling the gauges,
 * rendering OpenMetrics) with +500 processes, and the exporter's share of the CPU at one scrape per second
 * beside its peer, the backend sampling the same two feeds at 1 Hz with nothing else attached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpuUsage } from 'node:process';
import { contract } from '../native-bridge/contract/index.js';
import { sourcesFromClient } from '../native-bridge/metrics-export/feeds.js';
import { ExportSeries } from '../native-bridge/metrics-export/series.js';
import { startMetricsExporter } from '../native-bridge/metrics-export/server.js';
import { DEFAULT_TOP, topProcesses } from '../native-bridge/metrics-export/top-processes.js';
import { realBackend } from '../test-support/real-backend.js';
import { createInProcessClient } from '../native-bridge/server/transports/in-process.js';
import type { Backend } from '../native-bridge/server/backend.js';
import { cpuMsPerCall } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

const EXTRA = 500;
const SETTLE_MS = 5000;
const WINDOW_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** This process's CPU over the window, % of one core. */
async function cpuPercentOver(ms: number): Promise<number> {
  const start = cpuUsage();
  await sleep(ms);
  const used = cpuUsage(start);
  return ((used.user + used.system) / 1000 / ms) * 100;
}

/**
 * Prometheus's part, in another process so its CPU is not counted as the exporter's: one GET per second,
 * like a scrape_interval of 1s.
 */
function scraper(url: string): ChildProcess {
  const script = `const http=require('node:http');setInterval(()=>http.get(${JSON.stringify(url)},(r)=>r.resume()).on('error',()=>{}),1000);`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

async function perScrape(backend: Backend): Promise<BenchFigure[]> {
  const { client, close } = createInProcessClient(contract, backend.implementation);
  try {
    const list = await client.call('processes.list', {});
    const sample = await client.call('system.sample', {});
    const series = new ExportSeries();
    // What a scrape of a changed state does: rank the whole table, fill every gauge, render the text.
    const scrape = async () => {
      series.fill({ sample, top: topProcesses(list.rows, DEFAULT_TOP) });
      await series.registry.metrics();
    };
    const ms = await cpuMsPerCall(scrape, 50);
    const bytes = (await series.registry.metrics()).length;
    return [
      { name: `metrics export: one scrape (top ${DEFAULT_TOP} of ${list.rows.length} processes, ${bytes} bytes of OpenMetrics)`, value: Number(ms.toFixed(3)), unit: 'ms CPU' },
    ];
  } finally {
    close();
  }
}

async function atOneHertz(backend: Backend): Promise<BenchFigure[]> {
  // The peer: the backend sampling both feeds at 1 Hz for subscribers that do nothing.
  const stopMetrics = backend.implementation['system.metrics']({}, { next: () => undefined, fail: () => undefined });
  const stopTable = backend.implementation['processes.table']({}, { next: () => undefined, fail: () => undefined });
  await sleep(SETTLE_MS);
  const peer = await cpuPercentOver(WINDOW_MS);
  stopMetrics();
  stopTable();

  // The exporter as `triage metrics` runs it: feeds through the in-process client, scraped once a second.
  const { client, close } = createInProcessClient(contract, backend.implementation);
  const exporter = await startMetricsExporter({ address: '127.0.0.1:0', sources: sourcesFromClient(client) });
  const prometheus = scraper(exporter.url);
  try {
    await sleep(SETTLE_MS);
    const both = await cpuPercentOver(WINDOW_MS);
    const own = Math.max(0, both - peer);
    return [
      {
        name: `metrics export: exporter at 1 scrape/s with +${EXTRA} processes (on top of sampling)`,
        value: Number(own.toFixed(3)),
        unit: '% of one core',
        baseline: { name: 'backend alone sampling both feeds at 1 Hz', value: Number(peer.toFixed(3)) },
        ratio: own / peer,
      },
    ];
  } finally {
    prometheus.kill('SIGKILL');
    await exporter.close();
    close();
  }
}

export const suite: BenchSuite = {
  name: 'metrics export (issue 18)',
  async run() {
    const children: ChildProcess[] = Array.from({ length: EXTRA }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
    const backend = realBackend();
    try {
      await sleep(1500);
      return [...(await perScrape(backend)), ...(await atOneHertz(backend))];
    } finally {
      backend.close();
      for (const child of children) child.kill('SIGKILL');
    }
  },
};
