import { describe, expect, it } from 'vitest';
import type { LeakSuspect, MemoryPinInfo } from '../../contract/memory.js';
import { formatLeaks, formatWatch, sparkline } from './memory.js';
import { formatBytes, formatDuration } from '../../memory/units.js';
import { analyzeSeries } from '../../memory/verdict.js';

const MiB = 1024 * 1024;
const utc = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function pinWithSeries(): MemoryPinInfo {
  const series = Array.from({ length: 40 }, (_, i) => ({
    time: T0 + i * 1000,
    pid: i < 20 ? 100 : 200,
    rssBytes: (50 + i * 2) * MiB,
    anonBytes: (40 + i * 2) * MiB,
    fileBytes: 10 * MiB,
    sharedBytes: 5 * MiB,
    swapBytes: 0,
    pssBytes: null,
    ussBytes: (30 + i) * MiB,
    restart: i === 20,
  }));
  const verdict = analyzeSeries({ times: series.map((p) => p.time), bytes: series.map((p) => p.rssBytes), memAvailableBytes: 1024 * MiB });
  return {
    pinId: 'pin-1',
    target: { kind: 'name', pattern: 'leaky' },
    status: 'running',
    pid: 200,
    startTime: 5,
    name: 'leaky',
    pinnedAt: T0,
    limits: { sizeBytes: null, rateMiBPerMin: null },
    latest: null,
    verdict,
    restarts: [{ time: T0 + 20_000, oldPid: 100, newPid: 200 }],
    snapshots: [],
    series,
  };
}

describe('CLI text', () => {
  it('formats sizes and durations for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(3 * 1024 * MiB)).toBe('3.0 GiB');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 days');
  });

  it('draws a sparkline from low to high', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('prints the watch series, the restart and the verdict', () => {
    const text = formatWatch(pinWithSeries(), { clock: utc, maxRows: 10 });
    expect(text).toContain('Memory of "leaky" (leaky, pid 200): 40 samples');
    expect(text).toMatch(/12:00:20\s+200\s+90\.0 MiB.*← restarted/);
    expect(text).toContain('Restarted at 12:00:20: pid 100 → 200');
    expect(text).toMatch(/Verdict: growing, 120 MiB\/min, R² 1\.00, since 12:00:00/);
    expect(text).toContain('This looks like a leak.');
    expect(text).toContain('▁');
    // Thinned to ~10 rows plus the restart and the last sample, never all 40.
    expect(text.split('\n').filter((l) => /^\d\d:\d\d:\d\d/.test(l)).length).toBeLessThanOrEqual(12);
  });

  it('prints leak suspects or says there are none', () => {
    expect(formatLeaks({ observedMs: 60_000, processes: 312, suspects: [] })).toBe(
      'No process grew steadily (watched 312 processes over 1 min).',
    );
    const pin = pinWithSeries();
    const suspect: LeakSuspect = { pid: 200, startTime: 5, name: 'leaky', rssBytes: 128 * MiB, verdict: pin.verdict };
    const text = formatLeaks({ observedMs: 60_000, processes: 312, suspects: [suspect] }, { clock: utc });
    expect(text).toContain('1 leak suspect (watched 312 processes over 1 min):');
    expect(text).toMatch(/1\s+200\s+leaky\s+128 MiB\s+120 MiB\/min\s+1\.00\s+12:00:00\s+~\d+ min/);
  });
});
