import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { until } from '../../test-support/until.js';
import { Recorder } from './recorder.js';
import { realSample } from './test-support/history-db.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-first-sample-'));
let sample: SystemSample;
beforeAll(async () => {
  sample = await realSample();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocksIn = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM blocks').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** A recorder in `folder` with these feeds, whose batches would wait an hour: anything in its file was written at once. */
function recorderIn(folder: string, sources: ConstructorParameters<typeof Recorder>[0]['sources']): Recorder {
  return new Recorder({
    dbPath: join(folder, 'history.db'),
    lockPath: join(folder, 'history.lock'),
    sources,
    retentionMs: 86_400_000,
    maxBytes: 1 << 30,
    intervalMs: () => 1000,
    flushMs: 3_600_000,
  });
}

describe('a recorder starting', () => {
  it('writes its first sample at once (not after the first flush interval), then starts the table and event feeds', () => {
    const path = join(dir, 'history.db');
    let onMetrics: ((m: MetricsMessage) => void) | null = null;
    const blocksWhenSubscribed: Record<string, number> = {};
    const recorder = recorderIn(dir, {
      systemMetrics: (listener) => ((onMetrics = listener), () => undefined),
      processTable: () => ((blocksWhenSubscribed.table = blocksIn(path)), () => undefined),
      findings: () => ((blocksWhenSubscribed.findings = blocksIn(path)), () => undefined),
    });
    try {
      expect(recorder.start()).toEqual({ ok: true });
      // Their first reads (the whole process table, the findings' first checks) wait for the first sample.
      expect(blocksWhenSubscribed).toEqual({});
      onMetrics!({ kind: 'sample', sample: { ...sample, time: Date.now() } });
      expect(blocksIn(path)).toBe(1);
      expect(blocksWhenSubscribed).toEqual({ table: 1, findings: 1 });
    } finally {
      recorder.stop();
    }
  });

  it('starts the other feeds anyway when no sample comes', async () => {
    const sub = join(dir, 'silent');
    let tableSubscribed = false;
    const recorder = recorderIn(sub, {
      systemMetrics: () => () => undefined,
      processTable: () => ((tableSubscribed = true), () => undefined),
    });
    try {
      expect(recorder.start()).toEqual({ ok: true });
      expect(tableSubscribed).toBe(false);
      await until(() => tableSubscribed, 'the table feed to be subscribed without a sample', 10_000);
    } finally {
      recorder.stop();
    }
  });
});
