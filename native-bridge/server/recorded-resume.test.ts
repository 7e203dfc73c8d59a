// A wake-up the history recorder noticed (its clocks replayed: the machine cannot sleep under a shared test run)
// is a "resume" change in the changes list of a later process that watches nothing itself, as `triage changes`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChangesService } from '../changes/service.js';
import { ChangesList } from '../contract/changes.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import type { MetricsMessage } from '../contract/system.js';
import { Recorder } from '../history/recorder.js';
import { createHistoryService, historyPaths } from '../history/service.js';
import { realSample, realTable } from '../history/test-support/history-db.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-recorded-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a recorded wake-up', () => {
  it('is listed once as a resume with how long the machine slept, and the source says the recorder is not running', async () => {
    const sample = await realSample();
    const table = await realTable();
    let onMetrics: (m: MetricsMessage) => void = () => undefined;
    let onTable: (m: ProcessTableMessage) => void = () => undefined;
    const clock = { mono: 1_000_000 };
    const paths = historyPaths(dir);
    const recorder = new Recorder({
      dbPath: paths.db,
      lockPath: paths.lock,
      sources: { systemMetrics: (l) => ((onMetrics = l), () => undefined), processTable: (l) => ((onTable = l), () => undefined) },
      retentionMs: 86_400_000,
      maxBytes: 1 << 30,
      intervalMs: () => 1000,
      mono: () => clock.mono,
    });
    expect(recorder.start()).toEqual({ ok: true });
    // Ends now: the changes window (the last 2 h by default) must hold the wake-up.
    let wall = Date.now() - 7_230_000;
    let uptime = sample.uptimeSec * 1000;
    const tick = (dWall: number, dUptime: number, dMono: number, first = false) => {
      wall += dWall;
      uptime += dUptime;
      clock.mono += dMono;
      onMetrics({ kind: 'sample', sample: { ...sample, time: wall, uptimeSec: uptime / 1000 } });
      const meta = { time: wall, intervalMs: 1000, ncpu: 2, totalMemoryBytes: sample.memory.totalBytes, source: 'procfs' as const };
      onTable(first ? { kind: 'snapshot', ...meta, rows: table } : { kind: 'delta', ...meta, added: [], changed: [], removed: [] });
    };
    tick(0, 0, 0, true);
    for (let i = 0; i < 5; i++) tick(1000, 1000, 1000);
    // Two hours asleep: the wall clock and CLOCK_BOOTTIME jump, CLOCK_MONOTONIC moves one second.
    tick(7_201_000, 7_201_000, 1000);
    const wokeAt = wall;
    for (let i = 0; i < 5; i++) tick(1000, 1000, 1000);
    recorder.stop();

    const history = createHistoryService({ stateDir: dir, settings: { enabled: true, retentionDays: 7, maxBytes: 1 << 30 }, record: { on: false, why: 'reading only' } });
    try {
      const changes = createChangesService({
        auditEntries: () => ({ entries: [], damaged: 0 }),
        auditPath: join(dir, 'audit.jsonl'),
        recorded: {
          events: (from, to) => history.implementation['history.events']({ from, to, limit: 10_000 }),
          status: () => history.implementation['history.status']({}),
        },
      });
      const list = ChangesList.parse(await changes['changes.list']({}));
      expect(list.events.filter((e) => e.kind === 'resume').map((e) => [e.time, e.title])).toEqual([[wokeAt, 'the machine woke from sleep after 2 h asleep']]);
      expect(list.sources.find((s) => s.name === "sleep noticed by Triage's clock watch")).toMatchObject({
        status: 'read',
        why: expect.stringMatching(/^the history recorder is not running \(its record ends .*\); at other times such changes are unknown$/),
      });
    } finally {
      history.close();
    }
  });
});
