import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { until } from '../../../test-support/until.js';
import { createHistoryStore } from './store.js';

let backend: TestClient | null = null;
let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  backend?.close();
  backend = null;
});

describe('history store on a real recording backend', () => {
  it('draws the recorded window at the width asked for, and picking a moment shows the table recorded then', async () => {
    backend = connectTestClient({ prefix: 'triage-history-store-', record: true, historyTuning: { flushMs: 200, frameMs: 1000 } });
    const { client } = backend;
    // A child that exists only while the test runs: it must be in the recorded table, with its pid.
    child = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    const pid = child.pid!;
    const holding = await until(async () => {
      const frame = await client.call('history.processesAt', { at: Date.now() }).catch(() => null);
      return frame?.rows.some((r) => r.pid === pid) ? frame : null;
    }, 'a recorded frame holding the child', 60_000);

    const store = createHistoryStore(() => client);
    await store.getState().loadStatus();
    expect(store.getState().status.data).toMatchObject({ recording: true });

    await until(async () => {
      store.getState().choosePreset('1h');
      await store.getState().loadSeries(300);
      // The newest point must come after the child was recorded: on a slow start the recorder may have
      // points from before it was spawned, whose nearest frame rightly does not hold it.
      const times = store.getState().series.data?.times ?? [];
      return times.length >= 2 && times.at(-1)! >= holding.frameTime;
    }, 'two recorded points, the newest after the child was recorded', 30_000);
    const series = store.getState().series.data!;
    // Never more points than the width asked for, and the CPU series is there.
    expect(series.times.length).toBeLessThanOrEqual(300);
    expect(series.series.map((s) => s.key)).toContain('cpu.busy');

    const at = series.times.at(-1)!;
    await store.getState().pickMoment(at);
    const moment = store.getState().moment!;
    expect(moment.table.status).toBe('ready');
    // A point stands for a bucket (1 h over 300 points: 12 s); the nearest frame lies within that bucket.
    const { from, to } = store.getState().range;
    expect(Math.abs(moment.table.data!.frameTime - at)).toBeLessThanOrEqual((to - from) / 300);
    expect(moment.table.data!.rows.find((r) => r.pid === pid)?.name).toBe('sleep');
    expect(moment.events.status).toBe('ready');
    expect(moment.top.status).toBe('ready');
  });

  it('refuses a window that ends before it starts, and a preset follows the clock', () => {
    let now = 1_000_000_000_000;
    const store = createHistoryStore(() => {
      throw new Error('no client needed');
    }, () => now);
    expect(store.getState().chooseWindow(2000, 1000)).toMatch(/must come after its start/);
    expect(store.getState().chooseWindow(0, 30_000)).toMatch(/at least one minute/);
    expect(store.getState().chooseWindow(0, 120_000)).toBeNull();
    expect(store.getState().range).toEqual({ preset: null, from: 0, to: 120_000 });
    now += 5000;
    store.getState().choosePreset('24h');
    expect(store.getState().range).toEqual({ preset: '24h', from: now - 86_400_000, to: now });
  });
});
