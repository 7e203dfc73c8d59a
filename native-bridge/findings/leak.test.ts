/**
 * The leak rule reads the memory capability's verdict (wired in server/backend.ts): on real leaking
 * children through the real backend, and on verdicts made by hand for its thresholds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeakSuspect, MemoryVerdict } from '../contract/memory.js';
import type { FindingsReport } from '../contract/findings.js';
import { until } from '../../test-support/until.js';
import { FindingsEngine } from './engine.js';
import { findingsBackend } from './test-support/findings-backend.js';
import { startLeaker } from './test-support/leaker.js';
import type { Observation } from './observation.js';
import { observation } from './test-support/observations.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) clean();
});

const MIN = 60_000;
const T0 = 10_000_000;

function growing(rateMiBPerMin: number, runsOutInMs: number | null, growingSince: number): MemoryVerdict {
  return {
    kind: 'growing', sentence: '', rateMiBPerMin, r2: 0.99, growingSince, runsOutInMs, memAvailableBytes: 8 * 1024 ** 3, observedMs: 60_000, points: 60, trend: null,
    evidence: { mannKendallZ: 8, lowsRateMiBPerMin: null, changeAt: null, via: 'line' },
  };
}
const suspect = (pid: number, verdict: MemoryVerdict): LeakSuspect => ({ pid, startTime: 5, name: 'leaky', rssBytes: 300 * 1024 ** 2, verdict });

function evaluate(leaks: Observation['leaks']): FindingsReport {
  return new FindingsEngine().evaluate({ ...observation(T0), startedAt: T0 - MIN, leaks });
}

describe('the leak rule on verdicts', () => {
  it('cannot judge growth in 2 s, and says how long it needs', () => {
    const check = evaluate({ observedMs: 2000, suspects: [] }).checks.find((c) => c.rule === 'memory-leak');
    expect(check).toEqual({ rule: 'memory-leak', title: 'A process keeps growing', status: 'collecting', why: 'growth needs 30 s of memory samples to be judged and 2 s were taken (watch longer: --duration 30s)' });
  });

  it('names a process growing steadily, its rate and the time until memory runs out, dated from the verdict', () => {
    const report = evaluate({ observedMs: MIN, suspects: [suspect(4242, growing(60, 6 * 3_600_000, T0 - 45_000))] });
    const f = report.findings.find((x) => x.rule === 'memory-leak');
    expect(f?.severity).toBe('warning');
    expect(f?.since).toBe(T0 - 45_000);
    expect(f?.sentence).toBe("leaky (pid 4242) grows steadily by 60.0 MiB/min for 45 s, now 300 MiB; at this rate the machine's available memory runs out in about 6 h.");
    expect(f?.next).toEqual({ label: 'Pin leaky (pid 4242) in Memory growth to see what grows', view: 'memory', target: { pid: 4242, startTime: 5, name: 'leaky' } });
  });

  it('serious when memory runs out within the hour; nothing for slow growth or a warm-up', () => {
    expect(evaluate({ observedMs: MIN, suspects: [suspect(1, growing(600, 20 * MIN, T0 - MIN))] }).findings[0]?.severity).toBe('serious');
    expect(evaluate({ observedMs: MIN, suspects: [suspect(1, growing(0.6, null, T0 - MIN))] }).findings).toEqual([]);
    const warmup: MemoryVerdict = { ...growing(60, null, 0), kind: 'stable-after-warmup', growingSince: null };
    expect(evaluate({ observedMs: MIN, suspects: [suspect(1, warmup)] }).findings).toEqual([]);
  });
});

describe('a real leaking child', () => {
  it('is named with its pid and rate once 30 s of samples are in, and not before', async () => {
    const backend = findingsBackend({});
    cleanups.push(() => backend.close());
    const leaker = await startLeaker(1, 1024);
    cleanups.push(() => leaker.stop());
    const early = () => backend.latest()?.checks.find((c) => c.rule === 'memory-leak');
    await until(() => early()?.status === 'collecting' && /needs 30 s of memory samples/.test(early()?.why ?? ''), 'the leak check saying it cannot judge yet', 20_000);
    expect(backend.findingFor('memory-leak', leaker.pid)).toBeUndefined();
    await until(() => backend.findingFor('memory-leak', leaker.pid) !== undefined, 'the leaker named', 90_000);
    const finding = backend.findingFor('memory-leak', leaker.pid);
    const rate = finding?.evidence.find((e) => e.label === 'growth')?.value ?? 0;
    // 1 MiB/s in irregular steps: the verdict's robust rate is within a third of it.
    expect(rate / (1024 ** 2)).toBeGreaterThan(0.66);
    expect(rate / (1024 ** 2)).toBeLessThan(1.34);
    expect(finding?.sentence).toMatch(new RegExp(`^leaker \\(pid ${leaker.pid}\\) grows steadily by \\d+(\\.\\d)? MiB/min`));
    expect(finding?.next?.view).toBe('memory');
  }, 120_000);
});
