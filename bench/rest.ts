/**
 * Issue 16: what the backend costs with no page open (the app in the background, or `triage web` left
 * running): findings, the recorder, the leak ranking and the top-consumer watch keep their feeds running.
 * Process-group CPU from /proc over TRIAGE_BENCH_REST_WINDOW_S-second windows (median of
 * TRIAGE_BENCH_REST_WINDOWS), with top, htop and btop at 1 Hz in the same windows as peers.
 */
import { startTriageWeb } from '../e2e/web-server.js';
import { median } from './measure.js';
import { startPeers } from './peers.js';
import { groupCpuSeconds, snapshotGroups } from './proc-tree.js';
import type { BenchFigure, BenchSuite } from './types.js';

const WINDOW_S = Number(process.env.TRIAGE_BENCH_REST_WINDOW_S ?? 60);
const WINDOWS = Number(process.env.TRIAGE_BENCH_REST_WINDOWS ?? 3);
/** The backend's first seconds (compiling, the first readings of every source) are start-up, not rest. */
const SETTLE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Number(n.toFixed(2));

export const suite: BenchSuite = {
  name: 'backend at rest (issue 16)',
  async run(): Promise<BenchFigure[]> {
    const { peers, missing } = await startPeers();
    if (missing.length) process.stderr.write(`rest: not installed, so not measured: ${missing.join(', ')}\n`);
    const triage = await startTriageWeb();
    try {
      const roots: Record<string, number[]> = { backend: [triage.process.pid!] };
      for (const peer of peers) roots[peer.name] = [peer.pid];
      await sleep(SETTLE_MS);
      const windows: Record<string, number>[] = [];
      for (let i = 0; i < WINDOWS; i++) {
        const start = performance.now();
        const before = snapshotGroups(roots);
        await sleep(WINDOW_S * 1000);
        const after = snapshotGroups(roots);
        const seconds = (performance.now() - start) / 1000;
        const percent: Record<string, number> = {};
        for (const key of Object.keys(roots)) percent[key] = (groupCpuSeconds(before[key]!, after[key]!) / seconds) * 100;
        windows.push(percent);
        process.stderr.write(`rest: window ${i + 1}/${WINDOWS}: backend ${percent.backend!.toFixed(2)} %\n`);
      }
      const of = (key: string) => median(windows.map((w) => w[key] ?? Number.NaN));
      const backend = of('backend');
      const figures: BenchFigure[] = [
        { name: 'rest: backend with no page open (findings, recorder, leak ranking, top consumers running)', value: round(backend), unit: '% of one core' },
      ];
      for (const peer of peers) {
        const value = of(peer.name);
        figures.push({ name: `rest: backend ÷ ${peer.name} in the same windows`, value: round(backend / value), unit: `× ${peer.name}`, baseline: { name: peer.name, value: round(value) }, ratio: backend / value });
      }
      figures.push({ name: `rest: each figure is the median of ${WINDOWS} windows of ${WINDOW_S} s`, value: WINDOWS * WINDOW_S, unit: 's' });
      return figures;
    } finally {
      await triage.stop();
      for (const peer of peers) peer.stop();
    }
  },
};
