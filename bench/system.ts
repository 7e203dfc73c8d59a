import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { countProcesses } from '../native-bridge/system/count-processes.js';
import { createProcfsCollector } from '../native-bridge/system/procfs-collector.js';
import { createSiCollector } from '../native-bridge/platform/system-collector-si.js';
import { cpuMsPerCall, median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** The budget: one live sample costs at most 1 ms of CPU. */
const SAMPLE_BUDGET_MS = 1;
const PROCFS_CALLS = 200;
const ROUNDS = 7;
const SI_CALLS = 15;
/** systeminformation answers from a cache for 500 ms (200 ms for CPU): space its calls so each one really reads. */
const SI_SPACING_MS = 600;
const IDLE_SECONDS = 20;
/** Linux's USER_HZ, the unit of cutime/cstime in /proc/self/stat, is 100 on every architecture. */
const USER_HZ = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU (ms) of this process's waited-for children: systeminformation's `ps`, `cat`, shell pipelines. */
function childCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (cutime, cstime); the slice starts at field 3.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
}

interface CallCost {
  ownCpuMs: number;
  childCpuMs: number;
  wallMs: number;
}

/** One call measured alone: this process's CPU, its children's CPU, wall time. */
async function measureCall(fn: () => unknown): Promise<CallCost> {
  const cpu0 = cpuUsage();
  const child0 = childCpuMs();
  const wall0 = performance.now();
  await fn();
  const wallMs = performance.now() - wall0;
  const used = cpuUsage(cpu0);
  return { ownCpuMs: (used.user + used.system) / 1000, childCpuMs: childCpuMs() - child0, wallMs };
}

/** Calls spaced `spacingMs` apart, as the dashboard makes them; medians of each part. */
async function spacedCost(fn: () => unknown, calls: number, spacingMs: number): Promise<CallCost & { calls: CallCost[] }> {
  const costs: CallCost[] = [];
  for (let i = 0; i < calls; i++) {
    await sleep(spacingMs);
    costs.push(await measureCall(fn));
  }
  return {
    ownCpuMs: median(costs.map((c) => c.ownCpuMs)),
    childCpuMs: median(costs.map((c) => c.childCpuMs)),
    wallMs: median(costs.map((c) => c.wallMs)),
    calls: costs,
  };
}

/** Whole-process CPU while sampling at 1 Hz, and the median CPU of each (cache-cold) sample. */
async function oneHertz(seconds: number): Promise<{ processPercent: number; perSampleMs: number }> {
  const collector = createProcfsCollector();
  try {
    const cpu0 = cpuUsage();
    const wall0 = performance.now();
    const spaced = await spacedCost(() => collector.sample(), seconds, 1000);
    const used = cpuUsage(cpu0);
    return {
      processPercent: ((used.user + used.system) / 1000 / (performance.now() - wall0)) * 100,
      perSampleMs: spaced.ownCpuMs,
    };
  } finally {
    collector.close();
  }
}

export const suite: BenchSuite = {
  name: 'system',
  async run(): Promise<BenchFigure[]> {
    const procfs = createProcfsCollector();
    const procfsCountingEvery = createProcfsCollector({ processCountMaxAgeMs: 0 });
    // processCountMaxAgeMs 0: every call a fresh sample, process count included, like procfsCountingEvery.
    const si = createSiCollector({ processCountMaxAgeMs: 0 });
    try {
      // Warm up (JIT, systeminformation's first-call detection) before measuring.
      for (let i = 0; i < 50; i++) procfs.sample();
      for (let i = 0; i < 50; i++) procfsCountingEvery.sample();
      await si.sample();

      const processes = countProcesses();
      const warm = await cpuMsPerCall(() => procfs.sample(), PROCFS_CALLS, ROUNDS);
      const warmCounting = await cpuMsPerCall(() => procfsCountingEvery.sample(), PROCFS_CALLS, ROUNDS);
      const procfsWall = await spacedCost(() => procfsCountingEvery.sample(), 50, 0);
      const siCost = await spacedCost(() => si.sample(), SI_CALLS, SI_SPACING_MS);
      const siTotalCpu = siCost.ownCpuMs + siCost.childCpuMs;
      const hz = await oneHertz(IDLE_SECONDS);

      return [
        { name: 'system.processes', value: processes, unit: 'processes on this machine while measuring' },
        {
          name: 'system.sample.procfs.cpuMs',
          value: warm,
          unit: `ms CPU per sample (median of ${ROUNDS} rounds of ${PROCFS_CALLS}, back to back)`,
          budget: { limit: SAMPLE_BUDGET_MS, met: warm <= SAMPLE_BUDGET_MS },
        },
        {
          name: 'system.sample.procfs.countingEverySample.cpuMs',
          value: warmCounting,
          unit: 'ms CPU per sample, process count refreshed every sample',
          baseline: { name: 'systeminformation, this process only', value: siCost.ownCpuMs },
          ratio: warmCounting / siCost.ownCpuMs,
          budget: { limit: SAMPLE_BUDGET_MS, met: warmCounting <= SAMPLE_BUDGET_MS },
        },
        {
          name: 'system.sample.procfs.vsSiWithChildren.cpuMs',
          value: warmCounting,
          unit: 'ms CPU per sample',
          baseline: { name: 'systeminformation incl. the commands it spawns', value: siTotalCpu },
          ratio: warmCounting / siTotalCpu,
        },
        {
          name: 'system.sample.procfs.at1Hz.cpuMs',
          value: hz.perSampleMs,
          unit: `ms CPU per sample taken once a second (caches cold; median of ${IDLE_SECONDS})`,
          budget: { limit: SAMPLE_BUDGET_MS, met: hz.perSampleMs <= SAMPLE_BUDGET_MS },
        },
        { name: 'system.sample.si.ownCpuMs', value: siCost.ownCpuMs, unit: `ms CPU per sample, this process (calls ${SI_SPACING_MS} ms apart)` },
        { name: 'system.sample.si.childCpuMs', value: siCost.childCpuMs, unit: 'ms CPU per sample in spawned commands' },
        {
          name: 'system.sample.procfs.wallMs',
          value: procfsWall.wallMs,
          unit: 'ms wall per sample',
          baseline: { name: 'systeminformation', value: siCost.wallMs },
          ratio: procfsWall.wallMs / siCost.wallMs,
        },
        { name: 'system.sample.si.wallMs', value: siCost.wallMs, unit: 'ms wall per sample' },
        { name: 'system.idle.procfs1Hz', value: hz.processPercent, unit: `% of one core, whole bench process, ${IDLE_SECONDS} s at 1 Hz` },
      ];
    } finally {
      procfs.close();
      procfsCountingEvery.close();
      si.close();
    }
  },
};

// `tsx bench/system.ts` runs this suite alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of await suite.run()) console.log(JSON.stringify(figure));
}
