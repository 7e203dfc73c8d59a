import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { Layouts } from './layouts.js';
import { queryEvents } from './query-events.js';
import { queryProcessesAt } from './query-processes.js';
import { querySeries } from './query-series.js';
import { Recorder } from './recorder.js';
import { realSample, realTable } from './test-support/history-db.js';

// The machine's clock cannot be set or the machine suspended under a shared test run, so these tests drive
// the recorder's three clocks themselves: real samples and a real process table, with their wall time,
// uptime (CLOCK_BOOTTIME) and monotonic time moved as a clock change and a suspend move them.
let sample: SystemSample;
let table: ProcessRow[];
const dir = mkdtempSync(join(tmpdir(), 'triage-jumps-'));
beforeAll(async () => {
  sample = await realSample();
  table = await realTable();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('time jumps', () => {
  it('a clock set back and a suspend start new segments; series stay in order, gaps say why, tables resolve', () => {
    let onMetrics: (m: MetricsMessage) => void = () => undefined;
    let onTable: (m: ProcessTableMessage) => void = () => undefined;
    const clock = { mono: 5_000_000 };
    const path = join(dir, 'history.db');
    const recorder = new Recorder({
      dbPath: path,
      lockPath: join(dir, 'history.lock'),
      sources: {
        systemMetrics: (l) => ((onMetrics = l), () => undefined),
        processTable: (l) => ((onTable = l), () => undefined),
      },
      retentionMs: 7 * 86_400_000,
      maxBytes: 1 << 30,
      intervalMs: () => 1000,
      flushMs: 3_600_000,
      frameMs: 1000,
      mono: () => clock.mono,
    });
    expect(recorder.start()).toEqual({ ok: true });
    const t0 = Date.now() + 1000;
    let wall = t0;
    let uptime = sample.uptimeSec * 1000;
    let first = true;
    const tick = (dWall: number, dUptime: number, dMono: number) => {
      wall += dWall;
      uptime += dUptime;
      clock.mono += dMono;
      onMetrics({ kind: 'sample', sample: { ...sample, time: wall, uptimeSec: uptime / 1000 } });
      const meta = { time: wall, intervalMs: 1000, ncpu: 2, totalMemoryBytes: sample.memory.totalBytes, source: 'procfs' as const };
      onTable(first ? { kind: 'snapshot', ...meta, rows: table } : { kind: 'delta', ...meta, added: [], changed: [], removed: [] });
      first = false;
    };
    tick(0, 0, 0);
    for (let i = 1; i < 10; i++) tick(1000, 1000, 1000);
    // The clock is set back by 5 s (uptime and monotonic time go on by 1 s).
    tick(1000 - 5000, 1000, 1000);
    for (let i = 1; i < 10; i++) tick(1000, 1000, 1000);
    // The machine sleeps 60 s: wall time and uptime jump, monotonic time does not.
    tick(61_000, 61_000, 1000);
    for (let i = 1; i < 5; i++) tick(1000, 1000, 1000);
    recorder.stop();

    const db = new Database(path, { readonly: true });
    try {
      const segments = db.prepare('SELECT start_reason, end_reason FROM segments ORDER BY id').all();
      expect(segments).toEqual([
        { start_reason: 'start', end_reason: 'clock' },
        { start_reason: 'clock', end_reason: 'suspend' },
        { start_reason: 'resume', end_reason: 'stop' },
      ]);
      const end = wall + 1;
      const events = queryEvents(db, { from: t0 - 60_000, to: end, limit: 100 }).events.map((e) => `${e.kind}: ${e.summary}`);
      expect(events).toContain('clock: The clock was set back by 5 s.');
      expect(events.some((e) => /^suspend: The machine was suspended for 1 min/.test(e))).toBe(true);

      const layouts = new Layouts(db, false);
      const series = querySeries(db, layouts, { from: t0, to: end, maxPoints: 5000, series: ['mem.total'] }, end);
      // In order, one point per second: the earlier segment's last 5 s are hidden behind the later recording.
      expect(series.times).toEqual([...series.times].sort((a, b) => a - b));
      expect(new Set(series.times).size).toBe(series.times.length);
      expect(series.times.length).toBe(5 + 10 + 5);
      expect(series.gaps.map((g) => [g.reason, g.to - g.from])).toEqual([['suspended', 61_000]]);
      expect(series.gaps[0]!.text).toBe('suspended (1 min 1 s)');

      // The overlapping moment resolves to the later recording's frame.
      const at = queryProcessesAt(db, layouts, t0 + 7000, end);
      const laterSegmentFrame = db.prepare('SELECT max(id) AS id FROM frames WHERE wall = ?').get(t0 + 7000) as { id: number };
      const frameSegment = (db.prepare('SELECT segment FROM frames WHERE id = ?').get(laterSegmentFrame.id) as { segment: number }).segment;
      expect(frameSegment).toBe(2);
      expect(at.frameTime).toBe(t0 + 7000);
      expect(at.rows.length).toBe(table.length);
    } finally {
      db.close();
    }
  });
});
