import { describe, expect, it } from 'vitest';
import type { LeakSuspect, MemoryPinInfo, MemoryVerdict } from '../../../native-bridge/contract/index.js';
import { analyzeSeries } from '../../../native-bridge/memory/verdict.js';
import { suspectRow } from './display.js';

const MiB = 1024 * 1024;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Real verdicts from the backend's one verdict function: a rise, and the same rise judged a tick later. */
function verdictOver(seconds: number): MemoryVerdict {
  const times = Array.from({ length: seconds + 1 }, (_, i) => T0 + i * 1000);
  return analyzeSeries({ times, bytes: times.map((_, i) => (100 + i) * MiB), memAvailableBytes: 1024 * MiB });
}

function pin(over: Partial<MemoryPinInfo>): MemoryPinInfo {
  return {
    pinId: 'pin-1',
    target: { kind: 'pid', pid: 42, startTime: 7 },
    status: 'running',
    pid: 42,
    startTime: 7,
    name: 'leaky',
    pinnedAt: T0,
    limits: { sizeBytes: null, rateMiBPerMin: null },
    latest: null,
    verdict: verdictOver(21),
    restarts: [],
    snapshots: [],
    series: [],
    ...over,
  };
}

const listed: LeakSuspect = { pid: 42, startTime: 7, name: 'leaky', rssBytes: 120 * MiB, verdict: verdictOver(20) };

describe('suspectRow', () => {
  it('shows a pinned process with the card’s verdict, so both say the same words at the same moment', () => {
    const p = pin({});
    expect(listed.verdict.sentence).not.toBe(p.verdict.sentence);
    expect(suspectRow(listed, [p]).verdict).toBe(p.verdict);
  });
  it('leaves other processes, a reused pid and an exited pin to the list’s own verdict', () => {
    for (const other of [pin({ pid: 43 }), pin({ startTime: 8 }), pin({ status: 'exited' })]) {
      expect(suspectRow(listed, [other])).toBe(listed);
    }
  });
});
