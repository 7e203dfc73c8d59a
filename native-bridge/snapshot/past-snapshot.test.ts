import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAST_MAX_POINTS } from '../contract/snapshot-history.js';
import { Snapshot } from '../contract/snapshot.js';
import { connectTestClient } from '../../test-support/real-backend.js';
import { committedSchema } from './test-support/committed-schema.js';
import { readSnapshotFile } from './snapshot-file.js';
import { recordWindow, SECRET_ARG, type RecordedWindow } from './test-support/recorded-window.js';

let rec: RecordedWindow;
beforeAll(async () => {
  rec = await recordWindow();
}, 120_000);
afterAll(() => rec?.stop());

describe('snapshot.export of a recorded past window', () => {
  it('carries the series, the frames (with the sleeping child), the top consumers and the events, redacted', async () => {
    const to = Date.now();
    const path = join(rec.configDir, 'past.triage.json.gz');
    const exported = await rec.client.call('snapshot.export', { from: rec.startedAt, to, path });
    expect(exported.path).toBe(path);

    const raw = gunzipSync(readFileSync(path)).toString('utf8');
    // Redacted exactly like a live snapshot: the password never reaches the file.
    expect(raw).not.toContain('hunter2');
    expect(exported.redaction.total).toBeGreaterThan(0);
    const json: unknown = JSON.parse(raw);
    expect(Snapshot.safeParse(json).success).toBe(true);
    expect(committedSchema().safeParse(json).success).toBe(true);

    const { snapshot, problems } = await readSnapshotFile(path);
    expect(problems).toEqual([]);
    expect(snapshot.version).toBe(2);
    expect(snapshot.meta.window).toEqual({ from: rec.startedAt, to });
    const history = snapshot.parts.history!;
    expect(history.series.series.map((s) => s.key)).toContain('cpu.busy');
    expect(history.series.times.length).toBeGreaterThanOrEqual(3);
    expect(history.series.times.length).toBeLessThanOrEqual(PAST_MAX_POINTS);
    const last = history.frames.list.at(-1)!;
    expect(last.time).toBeLessThanOrEqual(to);
    expect(last.rows.find((r) => r.pid === rec.sleepPid)?.name).toBe('sleep');
    const secret = last.rows.find((r) => r.pid === rec.secretPid)!;
    expect(secret.cmdline).toContain('--password=');
    expect(secret.cmdline).not.toContain(SECRET_ARG);
    expect(history.frames.strideMs).toBeGreaterThan(0);
    expect(history.frames.note).toMatch(/every .+ across the recorded part of the window/);
    // Top consumers are kept per clock minute: a window younger than a minute may have none yet, and says how they are made.
    expect(history.top.cpu.note.length).toBeGreaterThan(0);
    expect(history.top.mem.by).toBe('mem');
    // No live parts: they describe the present, not the window.
    expect(snapshot.parts.processes).toBeUndefined();
    expect(snapshot.parts.metrics).toBeUndefined();

    // The HTML report draws the recorded series over the window and the last frame's table with its time.
    const report = await rec.client.call('snapshot.html', { path });
    const html = readFileSync(report.path, 'utf8');
    expect(html).toContain('<h2>Recorded window</h2>');
    expect(html).toContain('CPU (% of all cores), recorded');
    expect(html).toMatch(/<polyline [^>]*points="[^"]+ [^"]+"/);
    expect(html).toContain(`Processes at ${new Date(last.time).toISOString().slice(0, 19).replace('T', ' ')} UTC (the last recorded frame`);
    // The report lists the busiest 50 of the frame (the file holds every row).
    const busiest = [...last.rows].sort((a, b) => b.cpu - a.cpu)[0]!;
    expect(html).toContain(`<td class="n">${busiest.pid}</td>`);
    expect(html).not.toContain('hunter2');
    expect(html).not.toContain('No metrics history in this snapshot');
  });

  it('takes its frames from the recorded part of a window much longer than the recording', async () => {
    const to = Date.now();
    const path = join(rec.configDir, 'hour.triage.json.gz');
    await rec.client.call('snapshot.export', { from: to - 3_600_000, to, path });
    const history = (await readSnapshotFile(path)).snapshot.parts.history!;
    expect(history.frames.list.length).toBeGreaterThanOrEqual(2);
    expect(history.frames.list.every((f) => f.time >= rec.startedAt)).toBe(true);
    expect(history.frames.list.at(-1)!.rows.some((r) => r.pid === rec.sleepPid)).toBe(true);
    // The hour before the recording is a gap with its reason, not a flat line.
    expect(history.series.gaps[0]).toMatchObject({ from: to - 3_600_000, reason: 'not-recorded-yet' });
  });

  it('answers a bad window with one sentence each', async () => {
    const now = Date.now();
    const call = (from: number, to?: number) => rec.client.call('snapshot.export', { from, to, path: join(rec.configDir, `bad-${from}.gz`) });
    await expect(call(now - 60_000, now - 120_000)).rejects.toThrow(/^The window must end after it starts \(from .* to .*\)\.$/);
    await expect(call(now + 3_600_000, now + 7_200_000)).rejects.toThrow(/which is still to come: the history holds only the past\.$/);
    await expect(call(rec.startedAt - 7_200_000, rec.startedAt - 3_600_000)).rejects.toThrow(
      /^Nothing was recorded between .* and .*; recording was off \(recording had not started yet\)\.$/,
    );
  });

  it('says so when nothing was ever recorded (no history database)', async () => {
    const fresh = connectTestClient({ prefix: 'triage-past-none-', record: false });
    try {
      await expect(fresh.client.call('snapshot.export', { from: Date.now() - 600_000 })).rejects.toThrow(
        /^Nothing has been recorded on this machine yet: there is no history database at .*history\.db\. The app/,
      );
    } finally {
      fresh.close();
    }
  });
});
