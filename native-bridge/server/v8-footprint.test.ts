import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const footprint = join(import.meta.dirname, 'v8-footprint.ts');

/** Runs `script` in a fresh node (with or without v8-footprint.ts imported first) and returns what it printed. */
function inFreshNode(script: string, importFootprint: boolean): Record<string, number> {
  const prelude = importFootprint ? `await import(${JSON.stringify(footprint)});` : '';
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', '--input-type=module', '-e', prelude + script], { encoding: 'utf8' });
  return JSON.parse(out) as Record<string, number>;
}

// Many objects survive each scavenge (what loading modules does), then a function runs hot.
const WORKLOAD = `
  const { getHeapSpaceStatistics } = await import('node:v8');
  const newSpaceSize = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
  const before = newSpaceSize();
  const keep = [];
  for (let r = 0; r < 150; r++) { const a = []; for (let i = 0; i < 20000; i++) a.push({ i, s: 'x' + i }); keep.push(a); if (keep.length > 20) keep.shift(); }
  const grown = newSpaceSize() - before;
  function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
  %PrepareFunctionForOptimization(hot);
  for (let i = 0; i < 2000; i++) hot(1000);
  %OptimizeFunctionOnNextCall(hot);
  hot(1000);
  // Bit 4 (16) of V8's optimization status: the function runs optimized code.
  process.stdout.write(JSON.stringify({ grown, optimized: (%GetOptimizationStatus(hot) & 16) ? 1 : 0 }));
`;

// Some data stays live while batches that outlive the young generation are promoted and then dropped;
// how far the old generation climbs above its start says how long V8 let that garbage pile up.
const PROMOTED_GARBAGE = `
  const { getHeapSpaceStatistics } = await import('node:v8');
  const oldUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
  const live = [];
  for (let i = 0; i < 40; i++) live.push(Array.from({ length: 5000 }, (_, j) => ({ j })));
  const start = oldUsed();
  let peak = start;
  const held = [];
  for (let r = 0; r < 300; r++) {
    held.push(Array.from({ length: 20000 }, (_, j) => ({ j, r })));
    if (held.length > 30) held.shift();
    peak = Math.max(peak, oldUsed());
  }
  process.stdout.write(JSON.stringify({ above: peak - start, live: live.length }));
`;

// A function compiled by the baseline compiler, then never called again (what start-up code is), while old-space
// garbage makes V8 run full collections: after how many was its code dropped (-1: not after 6)?
const COLD_BASELINE = `
  const { constants, PerformanceObserver } = await import('node:perf_hooks');
  function once(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 3; return s; }
  for (let i = 0; i < 10; i++) once(10);
  %CompileBaseline(once);
  // Bit 15 (32768) of V8's optimization status: the function has baseline code.
  const hasBaseline = () => (%GetOptimizationStatus(once) & 32768) !== 0;
  const compiled = hasBaseline() ? 1 : 0;
  let fullGcs = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++; }).observe({ entryTypes: ['gc'] });
  const held = [];
  let droppedAfter = -1;
  const until = Date.now() + 50000;
  while (fullGcs < 6 && droppedAfter < 0 && Date.now() < until) {
    held.push(Array.from({ length: 2000 }, (_, j) => ({ j })));
    if (held.length > 200) held.splice(0, 100);
    await new Promise((r) => setImmediate(r));
    if (!hasBaseline()) droppedAfter = fullGcs;
  }
  process.stdout.write(JSON.stringify({ compiled, droppedAfter, fullGcs }));
`;

describe('V8 footprint of a long-running backend', () => {
  it('drops the code of functions that stopped running, where plain node keeps baseline code for good', () => {
    const plain = inFreshNode(COLD_BASELINE, false);
    const lean = inFreshNode(COLD_BASELINE, true);
    expect(plain.compiled).toBe(1);
    expect(lean.compiled).toBe(1);
    // Otherwise the workload did not collect often enough to tell the two apart.
    expect(plain.fullGcs).toBeGreaterThanOrEqual(6);
    expect(plain.droppedAfter).toBe(-1);
    // Measured: dropped at the third full collection (--bytecode-old-age=2 and --flush-baseline-code).
    expect(lean.droppedAfter).toBeGreaterThan(0);
    expect(lean.droppedAfter).toBeLessThanOrEqual(4);
  }, 120_000);

  it('collects promoted garbage sooner than plain node: its old generation peaks far lower', () => {
    const plain = inFreshNode(PROMOTED_GARBAGE, false);
    const lean = inFreshNode(PROMOTED_GARBAGE, true);
    const MiB = 1024 * 1024;
    // Otherwise the workload did not promote enough to tell the two apart.
    expect(plain.above).toBeGreaterThan(8 * MiB);
    // Measured: 34 MiB against 167 MiB.
    expect(lean.above).toBeLessThan(plain.above! / 2);
  }, 60_000);

  it('stops the young generation from growing and never runs optimized code, where plain node does both', () => {
    const plain = inFreshNode(WORKLOAD, false);
    const lean = inFreshNode(WORKLOAD, true);
    // Plain node grows its young generation and optimizes: otherwise this test proves nothing.
    expect(plain.grown).toBeGreaterThan(0);
    expect(plain.optimized).toBe(1);
    // (tsx, loaded before the module here, may already have grown it; in the built CLI nothing precedes it.)
    expect(lean.grown).toBeLessThanOrEqual(0);
    expect(lean.optimized).toBe(0);
  }, 60_000);
});
