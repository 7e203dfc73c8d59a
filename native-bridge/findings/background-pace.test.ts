import { describe, expect, it } from 'vitest';
import type { FindingsReport } from '../contract/findings.js';
import type { MetricsMessage } from '../contract/system.js';
import { FindingsEngine } from './engine.js';
import { SERIES_POINTS, type Rule } from './rules/rule.js';
import { createFindingsService, type FindingsSources } from './service.js';
import { observation, sample } from './test-support/observations.js';
import { THRESHOLDS } from './thresholds.js';

const none = { unavailable: 'not part of this test' };

/**
 * The service over feeds this test drives: system samples on a clock the test moves, every other source
 * answering "unavailable" (the pace is about when rules are judged, not what the sources read).
 */
function paced() {
  let at = 1_000_000;
  let feed: ((message: MetricsMessage) => void) | null = null;
  const sources: FindingsSources = {
    systemMetrics(listener) {
      feed = listener;
      listener({ kind: 'history', samples: [], intervalMs: 1000 });
      return () => (feed = null);
    },
    processTable: () => () => undefined,
    filesystems: async () => [],
    kernelEvents: () => none,
    hardware: (now) => ({ time: now, thermal: none, throttle: none, cpuSpeed: none, profile: none, power: none }),
    clock: async () => none,
    units: async () => none,
    leaks: async () => ({ observedMs: 0, suspects: [] }),
    sockets: () => () => undefined,
    logs: (now) => ({ time: now, measured: false, watched: 0, growing: [], unreadable: [], truncated: false }),
    crashes: async () => ({ crashes: [], unreadable: [] }),
  };
  const service = createFindingsService({ sources, thresholds: () => THRESHOLDS, now: () => at });
  return {
    service,
    now: () => at,
    /** One sample per second for `seconds`, with `availablePct` % of memory available. */
    tick(seconds: number, availablePct = 50) {
      for (let i = 0; i < seconds; i++) {
        at += 1000;
        feed?.({ kind: 'sample', sample: sample(at, { availablePct }) });
      }
    },
  };
}

const memoryLow = (report: FindingsReport | undefined) => report?.findings.find((f) => f.rule === 'memory-low');

describe('findings pace', () => {
  it('judges every 5 s while only the recorder listens, at every sample while a page streams, and every 5 s again after', () => {
    const { service, tick } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    tick(20);
    const backgroundTimes = recorded.slice(1).map((r) => r.time);
    expect(backgroundTimes.length).toBe(4);
    for (let i = 1; i < backgroundTimes.length; i++) expect(backgroundTimes[i]! - backgroundTimes[i - 1]!).toBe(5000);

    const shown: FindingsReport[] = [];
    const stop = service.implementation['findings.stream']({}, { next: (r) => shown.push(r), fail: () => undefined });
    recorded.length = 0;
    tick(10);
    // Judged at every sample while a page streams: the recorder hears each judgement (the page only the news).
    expect(shown[0]!.time).toBe(recorded[0]!.time - 1000);
    expect(recorded.length).toBe(10);

    stop();
    recorded.length = 0;
    tick(20);
    expect(recorded.length).toBe(4);
    service.close();
  });

  it('judges every 5 s for a summary (the badge), which hears of a finding at the judgement that raised it', () => {
    const { minMs } = THRESHOLDS['memory-low'];
    const { service, tick, now } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    const badge: FindingsReport[] = [];
    const stopBadge = service.implementation['findings.stream']({ summary: true }, { next: (r) => badge.push(r), fail: () => undefined });
    recorded.length = 0;
    tick(20);
    // The background pace: a badge alone does not make every sample a judgement.
    expect(recorded.length).toBe(4);

    // A page that reads the findings does, while it is open, even with the badge still there.
    const stopPage = service.implementation['findings.stream']({}, { next: () => undefined, fail: () => undefined });
    recorded.length = 0;
    tick(10);
    expect(recorded.length).toBe(10);
    stopPage();

    tick(1, 3);
    const lowSince = now();
    let appeared: number | null = null;
    for (let s = 0; s < minMs / 1000 + 10 && appeared === null; s++) {
      tick(1, 3);
      const shown = badge.at(-1);
      if (memoryLow(shown)) appeared = shown!.time;
    }
    // As for the recorder: the minimum duration holds in time, the finding comes at most 5 s later than at 1 Hz,
    // and the badge gets the very report that raised it (a change is sent at once, not with the next copy).
    expect(appeared).not.toBeNull();
    expect(appeared! - lowSince).toBeGreaterThanOrEqual(minMs);
    expect(appeared! - lowSince).toBeLessThanOrEqual(minMs + 5000);
    expect(recorded.find((r) => memoryLow(r))?.time).toBe(appeared);
    stopBadge();
    service.close();
  });

  it('keeps as many samples as a finding shows: after two minutes low, its sparkline has SERIES_POINTS of them', () => {
    const { service, tick } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    tick(120, 3);
    expect(memoryLow(recorded.at(-1))?.series).toHaveLength(SERIES_POINTS);
    service.close();
  });

  it('sends a page a report when its content changed, and every 10 s when only its time did', () => {
    const { minMs } = THRESHOLDS['memory-low'];
    const { service, tick } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    const shown: FindingsReport[] = [];
    const stop = service.implementation['findings.stream']({}, { next: (r) => shown.push(r), fail: () => undefined });
    tick(30);
    shown.length = 0;
    tick(35);
    // Nothing changed: one copy every 10 s (the time moves, so a finding's "for …" keeps counting).
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.time - shown[i - 1]!.time).toBe(10_000);

    // A change reaches the page at the judgement that made it, not up to 10 s later.
    for (let s = 0; s < minMs / 1000 + 5; s++) tick(1, 3);
    const firstLow = recorded.find((r) => memoryLow(r));
    expect(firstLow).toBeDefined();
    expect(shown.some((r) => r.time === firstLow!.time && memoryLow(r))).toBe(true);
    stop();
    service.close();
  });

  it('a page that opens gets a report judged at the newest sample, not the last background one', async () => {
    const { service, tick, now } = paced();
    service.watchInBackground(() => undefined);
    tick(7);
    const shown: FindingsReport[] = [];
    const stop = service.implementation['findings.stream']({}, { next: (r) => shown.push(r), fail: () => undefined });
    expect(shown[0]?.time).toBe(now());
    tick(3);
    expect((await service.implementation['findings.current']({})).time).toBe(now());
    stop();
    tick(2);
    expect((await service.implementation['findings.current']({})).time).toBe(now());
    service.close();
  });

  it('keeps the minimum duration in time: a background finding appears no sooner than at 1 Hz, and at most 5 s later', () => {
    const { minMs } = THRESHOLDS['memory-low'];
    const { service, tick, now } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    tick(3);
    tick(1, 3);
    const lowSince = now();
    let appeared: number | null = null;
    for (let s = 0; s < minMs / 1000 + 10 && appeared === null; s++) {
      tick(1, 3);
      if (memoryLow(recorded.at(-1))) appeared = recorded.at(-1)!.time;
    }
    expect(appeared).not.toBeNull();
    expect(appeared! - lowSince).toBeGreaterThanOrEqual(minMs);
    expect(appeared! - lowSince).toBeLessThanOrEqual(minMs + 5000);
    service.close();
  });

  it('a finding clears no sooner than clearMs after its last true sample, even one between two background judgements', () => {
    const { minMs, clearMs } = THRESHOLDS['memory-low'];
    const { service, tick, now } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    tick(minMs / 1000 + 10, 3);
    expect(memoryLow(recorded.at(-1))).toBeDefined();
    tick(7);
    tick(1, 3);
    const lastLow = now();
    let gone: number | null = null;
    for (let s = 0; s < clearMs / 1000 + 10 && gone === null; s++) {
      tick(1);
      if (!memoryLow(recorded.at(-1))) gone = recorded.at(-1)!.time;
    }
    expect(gone).not.toBeNull();
    expect(gone! - lastLow).toBeGreaterThanOrEqual(clearMs);
    expect(gone! - lastLow).toBeLessThanOrEqual(clearMs + 5000);
    service.close();
  });

  it('a condition that flickers (3 s low, 2 s not) never becomes a finding, whatever samples the background pace lands on', () => {
    const { service, tick } = paced();
    const recorded: FindingsReport[] = [];
    service.watchInBackground((report) => recorded.push(report));
    // The first sample is judged and every fifth after it: each of those lands on a low sample.
    for (let i = 0; i < 10; i++) {
      tick(3, 3);
      tick(2);
    }
    expect(recorded.some((r) => memoryLow(r))).toBe(false);
    service.close();
  });
});

describe('judging only the rules in transition', () => {
  /** A rule whose condition the test switches, counting how often it is judged. */
  function switchable(id: 'cpu-hog' | 'memory-low') {
    const rule = {
      on: true,
      judged: 0,
      id,
      evaluate() {
        rule.judged++;
        return rule.on ? [{ key: id, latch: { severity: 'warning' as const, lastingMs: 0 }, sentence: id, evidence: [], series: [], culprits: [], next: null }] : [];
      },
    };
    return rule;
  }

  it('runs only the named rules, keeps the others findings as last judged, and names the rules whose latch moves', () => {
    const steady = switchable('cpu-hog');
    const moving = switchable('memory-low');
    const engine = new FindingsEngine(() => THRESHOLDS, [steady, moving] satisfies Rule[]);
    const { minMs: steadyMin } = THRESHOLDS['cpu-hog'];
    engine.evaluate(observation(0));
    // Both pending until their minimum durations pass.
    expect(engine.rulesInTransition()).toEqual(new Set(['cpu-hog', 'memory-low']));
    const later = Math.max(steadyMin, THRESHOLDS['memory-low'].minMs);
    const active = engine.evaluate(observation(later));
    expect(active.findings.map((f) => f.rule).sort()).toEqual(['cpu-hog', 'memory-low']);
    expect(engine.rulesInTransition().size).toBe(0);

    moving.on = false;
    engine.evaluate(observation(later + 1000));
    // memory-low is now clearing: only it needs judging at each sample.
    expect(engine.rulesInTransition()).toEqual(new Set(['memory-low']));
    const before = { steady: steady.judged, moving: moving.judged };
    const partial = engine.evaluate(observation(later + 2000), engine.rulesInTransition());
    expect(steady.judged).toBe(before.steady);
    expect(moving.judged).toBe(before.moving + 1);
    // The steady rule's finding is still reported, and so is the clearing one (its clear time has not passed).
    expect(partial.findings.map((f) => f.rule).sort()).toEqual(['cpu-hog', 'memory-low']);
    expect(partial.checks.map((c) => c.rule)).toEqual(['cpu-hog', 'memory-low']);
  });
});
