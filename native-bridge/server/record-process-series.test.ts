import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProcessTableMessage } from '../contract/processes.js';
import { realBackend } from '../../test-support/real-backend.js';

const backend = realBackend();
afterAll(() => backend.close());

describe('top-consumer series for snapshots exported from the app', () => {
  it('are recorded while the process table is watched and land in the exported file', async () => {
    const impl = backend.implementation;
    const seen: ProcessTableMessage[] = [];
    const stop = impl['processes.table']({}, { next: (m) => seen.push(m), fail: (e) => { throw e; } });
    const until = Date.now() + 20_000;
    while (seen.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(seen[0]?.kind).toBe('snapshot');

    const path = join(mkdtempSync(join(tmpdir(), 'triage-series-')), 'snap.triage.json.gz');
    await impl['snapshot.export']({ windowMs: 300_000, redact: { secrets: true, host: false, users: false, homes: false }, notes: {}, path });
    const file = JSON.parse(gunzipSync(readFileSync(path)).toString()) as {
      parts: { processes?: { topSeries?: Array<{ pid: number; points: unknown[] }> } };
    };
    const series = file.parts.processes?.topSeries ?? [];
    expect(series.length).toBeGreaterThan(0);
    expect(series.some((s) => s.points.length >= 2)).toBe(true);
  });
});
